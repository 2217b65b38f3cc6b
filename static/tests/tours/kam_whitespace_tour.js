import { registry } from "@web/core/registry";

// An account manager opens the whitespace of his group customer from the
// account form and turns a white cell (a subsidiary without cloud servers)
// into an opportunity in one click.
registry.category("web_tour.tours").add("kam_whitespace_tour", {
    steps: () => [
        {
            trigger: ".o_form_view button[name='action_kam_view_whitespace']",
            content: "Open the account's whitespace",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header:contains('East Design Institute')",
            content: "The group's companies, each with the services of the catalogue",
        },
        {
            trigger: ".o_list_view .o_data_row:has(td[name='partner_id']:contains('East Design Institute')):has(td[name='product_id']:contains('Cloud Server')) button.o_kam_whitespace_create",
            content: "A white cell: create the opportunity",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_breadcrumb:contains('Cloud Server – East Design Institute')",
            content: "The opportunity is open, prefilled for the company and the service",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='kam_product_id']",
        },
    ],
});
