import { registry } from "@web/core/registry";
import { reportPaymentSteps } from "@kanban_portal/../tests/tours/tour_utils";

registry.category("web_tour.tours").add("kanban_portal_payment_report_tour", {
    steps: () => [
        {
            content: "Select two overdue documents",
            trigger: "section[data-payment-group=overdue] input[name=invoice_ids]:eq(0)",
            run: "click",
        },
        {
            trigger: "section[data-payment-group=overdue] input[name=invoice_ids]:eq(1)",
            run: "click",
        },
        {
            content: "Report a payment of them",
            trigger: "section[data-payment-group=overdue] .o_portal_payments_report_selected",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The form lists the two documents",
            trigger: ".o_portal_payments_report_payment_page:has(tr[data-invoice-id]:eq(1))",
        },
        ...reportPaymentSteps({
            amount: "150",
            bank: "BROU",
            reference: "TRF-2026-0042",
            filename: "comprobante-brou.pdf",
        }),
        {
            content: "The receipt is in the conversation",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(TRF-2026-0042):contains(comprobante-brou.pdf)",
        },
        {
            content: "Back to the documents",
            trigger: "a[href^='/my/invoices?']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Both rows carry the marker",
            trigger: "section[data-payment-group=overdue] tr[data-payment-reported]:eq(1)",
        },
        {
            content: "Download the statement of account",
            trigger: "a.o_portal_payments_statement",
            async run() {
                const response = await fetch(this.anchor.href);
                const type = response.headers.get("Content-Type");
                const disposition = response.headers.get("Content-Disposition") || "";
                if (response.status !== 200 || type !== "application/pdf" || !disposition.includes(".pdf")) {
                    throw new Error(`statement download failed: ${response.status} ${type} ${disposition}`);
                }
                document.body.dataset.kanbanStatement = "downloaded";
            },
        },
        {
            content: "Downloaded",
            trigger: "body[data-kanban-statement=downloaded]",
        },
    ],
});
