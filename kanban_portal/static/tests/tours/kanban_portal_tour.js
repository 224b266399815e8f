import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kanban_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The home tile tells how many documents are pending",
            trigger: ".o_portal_index_card:not(.d-none) [data-placeholder_count='pending_invoice_count']",
        },
        {
            content: "Open the documents grouped by payment state",
            trigger: ".o_portal_index_card a[href='/my/invoices']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The overview shows the overdue group first, with its rows",
            trigger: ".o_portal_payment_group:first-of-type[data-payment-group='overdue'] tr[data-invoice-id]",
        },
        {
            content: "The summary gives what is owed per currency",
            trigger: ".o_portal_payments_summary [data-summary-currency]",
        },
        {
            content: "Open the whole overdue group",
            trigger: "section[data-payment-group='overdue'] a.o_portal_payments_group_title",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Only the overdue group is shown",
            trigger: "section[data-payment-group='overdue']:only-of-type tr[data-invoice-id]",
        },
        {
            content: "Back to all groups",
            trigger: "a:contains('All groups')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Search by customer reference",
            trigger: "input#search_text",
            run: "edit PO-A-NOTDUE",
        },
        {
            content: "Run the search",
            trigger: ".o_portal_payments_search button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the document found",
            trigger: "section[data-payment-group='not_paid'] tr[data-invoice-id] td[name='invoice_number'] a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The document page shows its payment status and invites to comment",
            trigger: ".o_portal_payments_payment_status[data-payment-group='not_paid'] .o_portal_payments_comment_cta",
        },
        {
            content: "The chatter is there",
            trigger: "#invoice_communication",
        },
    ],
});
