import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_contract_tour", {
    url: "/odoo/kam-contracts",
    steps: () => [
        {
            trigger: ".o_list_view .o_list_button_add",
            content: "Create a contract",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='title'] input",
            content: "Give it a title",
            run: "edit Tour mobile office",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
            content: "Choose the account",
            run: "edit Tour Harbour",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Harbour Group')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='user_id'] input:value('Account Manager One')",
            content: "The account's manager is filled in",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='date_start'] input",
            content: "Start date",
            run: "edit 01/01/2026",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='date_end'] input",
            content: "End date",
            run: "edit 12/31/2030",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='amount'] input",
            content: "Contract value",
            run: "edit 86000",
        },
        {
            trigger: ".o_form_view button[name='action_confirm']",
            content: "Confirm the contract",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Active')",
            content: "It is active",
        },
        {
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb a:contains('Contracts')",
            content: "Back to the list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='title']:contains('Tour mobile office')",
            content: "The new contract is in the list",
        },
    ],
});
