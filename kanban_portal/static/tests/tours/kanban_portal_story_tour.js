import { registry } from "@web/core/registry";
import { commentWithFileSteps } from "@kanban_portal/../tests/tours/tour_utils";

// The whole story, in Spanish: staff grant access, the customer sets a
// password from the invitation, finds pending and paid documents, downloads a
// PDF, comments with a proof of payment and edits their contact data; the
// salesperson finds the comment in the inbox.

registry.category("web_tour.tours").add("kanban_portal_story_staff_tour", {
    steps: () => [
        {
            content: "Acción del contacto",
            trigger: ".o_form_view .o_cp_action_menus button",
            run: "click",
        },
        {
            content: "Otorgar acceso al portal",
            trigger: ".o-dropdown-item:contains(Otorgar acceso al portal)",
            run: "click",
        },
        {
            content: "El asistente muestra el contacto sin acceso, con su correo",
            trigger: ".modal .o_data_row:contains(Sin acceso):contains(martina@story.example.com)",
        },
        {
            content: "Otorgar acceso",
            trigger: ".modal .o_data_row button[name=action_grant_access]",
            run: "click",
        },
        {
            content: "La línea dice que se invitó al contacto",
            trigger: ".modal .o_data_row:contains(Invitado, nunca ingresó)",
        },
        {
            content: "Cerrar",
            trigger: ".modal footer button.btn-primary",
            run: "click",
        },
        {
            content: "La ficha del contacto muestra el estado del portal",
            trigger: ".o_form_view .o_field_widget[name=kanban_portal_status]:contains(Invitado)",
        },
    ],
});

registry.category("web_tour.tours").add("kanban_portal_story_customer_tour", {
    steps: () => [
        {
            content: "El enlace de la invitación pide una contraseña",
            trigger: "input[name=password]",
            run: "edit Martina-Story-2026!",
        },
        {
            trigger: "input[name=confirm_password]",
            run: "edit Martina-Story-2026!",
        },
        {
            content: "Guardar la contraseña e ingresar",
            trigger: "form.oe_signup_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Documentos pendientes en el inicio del portal",
            trigger: ".o_portal_index_card:contains(Documentos pendientes) a, a:contains(Documentos pendientes)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Los vencidos y los pagados, cada uno en su grupo",
            trigger: "section[data-payment-group=overdue] h2:contains(Vencidos)",
        },
        {
            trigger: "section[data-payment-group=paid] h2:contains(Pagados)",
        },
        {
            content: "Descargar el PDF de un documento",
            trigger: "section[data-payment-group=paid] a.o_portal_payments_download",
            async run() {
                const response = await fetch(this.anchor.href);
                const disposition = response.headers.get("Content-Disposition") || "";
                if (response.status !== 200 || !disposition.includes("attachment")) {
                    throw new Error(`PDF download failed: ${response.status} ${disposition}`);
                }
            },
        },
        {
            content: "Abrir un documento vencido",
            trigger: "section[data-payment-group=overdue] td[name=invoice_number] a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Comentar o adjuntar un comprobante de pago",
            trigger: ".o_portal_payments_comment_cta",
            run: "click",
        },
        ...commentWithFileSteps("Adjunto el comprobante de la transferencia", "comprobante-martina.pdf"),
        {
            content: "Editar mis datos",
            trigger: "body",
            run() {
                window.location.href = "/my/account";
            },
            expectUnloadPage: true,
        },
        {
            trigger: "input[name=phone]",
            run: "edit +598 99 123 456",
        },
        {
            content: "Guardar",
            trigger: "button#save_address, .o_portal_wrap button[type=submit]:not([disabled])",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "De vuelta en el portal, con el nuevo teléfono",
            trigger: ".o_portal_my_details:contains(+598 99 123 456)",
        },
    ],
});

registry.category("web_tour.tours").add("kanban_portal_story_inbox_tour", {
    steps: () => [
        {
            content: "Bandeja de entrada",
            trigger: ".o-mail-Mailbox:contains(Bandeja de entrada)",
            run: "click",
        },
        {
            content: "El vendedor encuentra el comentario del cliente",
            trigger: ".o-mail-Message:contains(comprobante de la transferencia)",
        },
    ],
});
