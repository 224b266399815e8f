import { registry } from "@web/core/registry";
import { commentWithFileSteps } from "@kanban_portal/../tests/tours/tour_utils";

registry.category("web_tour.tours").add("kanban_portal_comment_tour", {
    steps: () => [
        {
            content: "The document page invites to comment or attach a proof of payment",
            trigger: ".o_portal_payments_comment_cta",
            run: "click",
        },
        ...commentWithFileSteps("Adjunto el comprobante de pago", "comprobante.pdf"),
    ],
});

registry.category("web_tour.tours").add("kanban_portal_inbox_tour", {
    steps: () => [
        {
            content: "Open the inbox",
            trigger: ".o-mail-Mailbox:contains(Inbox)",
            run: "click",
        },
        {
            content: "The salesperson finds the customer's comment in the inbox",
            trigger: ".o-mail-Message:contains(Adjunto el comprobante de pago)",
        },
    ],
});
