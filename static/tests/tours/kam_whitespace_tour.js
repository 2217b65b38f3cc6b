import { registry } from "@web/core/registry";

// An account manager opens the whitespace of his group customer from the
// account form and turns a white cell (a subsidiary without cloud servers)
// into an opportunity in one click.
registry.category("web_tour.tours").add("kam_whitespace_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o-form-buttonbox .oe_stat_button",
            content: "The account's smart buttons: the whitespace may sit under More",
            run() {
                const selector = "button[name='action_kam_view_whitespace']";
                if (!document.querySelector(`.o_form_view ${selector}`)) {
                    document.querySelector(".o_form_view .o_button_more").click();
                }
            },
        },
        {
            trigger: "button[name='action_kam_view_whitespace']",
            content: "Open the account's whitespace",
            run: "click",
        },
        {
            trigger: ".o_kam_whitespace_table tr[data-company='East Energy Group'] td.o_kam_ws_held[data-product='Leased Line']",
            content: "The group's companies in rows, the services in columns: the group holds its leased lines",
        },
        {
            trigger: ".o_kam_whitespace_table tr[data-company='East Design Institute'] td.o_kam_ws_held[data-product='5G Private Network']",
            content: "The institute's members are on 5G",
        },
        {
            trigger: ".o_kam_whitespace_table tr[data-company='East Design Institute'] td.o_kam_ws_white[data-product='Cloud Server']",
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
