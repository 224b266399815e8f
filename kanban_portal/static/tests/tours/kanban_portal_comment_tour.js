import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kanban_portal_comment_tour", {
    steps: () => [
        {
            content: "The document page invites to comment or attach a proof of payment",
            trigger: ".o_kanban_portal_comment_cta",
            run: "click",
        },
        {
            content: "Write a comment",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Adjunto el comprobante de pago",
        },
        {
            content: "Attach the proof of payment",
            trigger: "#chatterRoot:shadow .o-mail-Composer",
            async run() {
                const proof = new File(["%PDF-1.4\n% proof of payment\n"], "comprobante.pdf", {
                    type: "application/pdf",
                });
                // the portal chatter lives in a shadow root: set the files on its input
                const input = this.anchor.querySelector(".o_input_file");
                const transfer = new DataTransfer();
                transfer.items.add(proof);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is uploaded",
            trigger: "#chatterRoot:shadow .o-mail-Composer :contains(comprobante.pdf)",
        },
        {
            content: "Send",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The comment is in the conversation, with its file",
            trigger:
                "#chatterRoot:shadow .o-mail-Message:contains(Adjunto el comprobante de pago):contains(comprobante.pdf)",
        },
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
