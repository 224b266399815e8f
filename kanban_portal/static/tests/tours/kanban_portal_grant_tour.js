import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kanban_portal_grant_tour", {
    steps: () => [
        {
            content: "Open the contact's actions",
            trigger: ".o_form_view .o_cp_action_menus button",
            run: "click",
        },
        {
            content: "Grant portal access",
            trigger: ".o-dropdown-item:contains(Grant portal access)",
            run: "click",
        },
        {
            content: "The wizard shows the contact with no access and a valid email",
            trigger: ".modal .o_data_row:contains(No access)",
        },
        {
            content: "Grant access",
            trigger: ".modal .o_data_row button[name=action_grant_access]",
            run: "click",
        },
        {
            content: "The line now says the contact was invited",
            trigger: ".modal .o_data_row:contains(Invited, never logged in)",
        },
        {
            content: "Close",
            trigger: ".modal footer button.btn-primary",
            run: "click",
        },
        {
            content: "The contact form shows the portal status",
            trigger: ".o_form_view .o_field_widget[name=kanban_portal_status]:contains(Invited)",
        },
    ],
});
