import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kanban_portal_sale_tour", {
    steps: () => [
        {
            content: "Las órdenes de venta siguen en el inicio del portal",
            trigger: "a[href='/my/orders']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "La orden del cliente",
            trigger: ".o_portal_my_doc_table a:contains(SO-STORY)",
        },
        {
            content: "A sus documentos",
            trigger: "body",
            run() {
                window.location.href = "/my/invoices";
            },
            expectUnloadPage: true,
        },
        {
            content: "La factura enlaza la orden de la que viene",
            trigger: "tr[data-invoice-id] .o_portal_payments_sale_order a:contains(SO-STORY)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "La orden se abre en el portal",
            trigger: "#portal_sale_content, .o_portal_sale_sidebar, h2:contains(SO-STORY)",
        },
    ],
});
