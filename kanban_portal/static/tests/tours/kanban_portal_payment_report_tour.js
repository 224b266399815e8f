import { registry } from "@web/core/registry";
import { makePdf } from "@kanban_portal/../tests/tours/tour_utils";

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
        {
            content: "Amount paid",
            trigger: "input[name=amount]",
            run: "edit 150",
        },
        {
            trigger: "input[name=bank]",
            run: "edit BROU",
        },
        {
            trigger: "input[name=reference]",
            run: "edit TRF-2026-0042",
        },
        {
            content: "Attach the bank receipt",
            trigger: "input[name=receipt]",
            async run() {
                const receipt = new File([makePdf("bank receipt")], "comprobante-brou.pdf", {
                    type: "application/pdf",
                });
                const transfer = new DataTransfer();
                transfer.items.add(receipt);
                this.anchor.files = transfer.files;
            },
        },
        {
            content: "Send the report",
            trigger: ".o_portal_payments_report_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The document says the payment is being verified",
            trigger: ".o_portal_payments_report_status[data-payment-report-state=reported]",
        },
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
