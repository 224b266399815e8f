import { registry } from "@web/core/registry";
import { reportPaymentSteps } from "@kanban_portal/../tests/tours/tour_utils";

// The customer follows the link of a payment reminder (in Spanish): their
// overdue documents, then a payment reported with its receipt.
registry.category("web_tour.tours").add("kanban_portal_reminder_tour", {
    steps: () => [
        {
            content: "The reminder's link opens the overdue documents, in Spanish",
            trigger: "section[data-payment-group=overdue]:contains(Vencidos)",
        },
        {
            content: "Only the overdue group is shown",
            trigger: "body:not(:has(section[data-payment-group=paid]))",
        },
        {
            content: "Select the reminded document",
            trigger: "section[data-payment-group=overdue] tr:contains(KP-REM-TOUR) input[name=invoice_ids]",
            run: "click",
        },
        {
            content: "Report a payment of it",
            trigger: "section[data-payment-group=overdue] .o_portal_payments_report_selected:contains(Informar)",
            run: "click",
            expectUnloadPage: true,
        },
        ...reportPaymentSteps({
            amount: "120",
            bank: "Itaú",
            reference: "TRF-REM-0001",
            filename: "comprobante-itau.pdf",
        }),
    ],
});
