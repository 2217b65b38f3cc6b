import { registry } from "@web/core/registry";

// An account manager opens his key account's Billing tab, reads its ICT
// share, opens its revenue by service and reads it as a pivot.
registry.category("web_tour.tours").add("kam_billing_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_notebook a.nav-link[name='kam_billing']",
            content: "Open the Billing tab",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='kam_billing_ict_share']:contains('40.0')",
            content: "The ICT share of the last twelve months",
        },
        {
            trigger: ".o_form_view .o_notebook button[name='action_kam_view_billing']",
            content: "Open the revenue by service",
            run: "click",
        },
        {
            trigger: ".o_graph_view .o_graph_renderer canvas",
            content: "The twelve months' trend by service",
        },
        {
            trigger: ".o_control_panel .o_switch_view.o_pivot",
            content: "Read it as a pivot",
            run: "click",
        },
        {
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains('Voice'), .o_pivot th:contains('Voice')",
            content: "Voice is one of the service lines",
        },
        {
            trigger: ".o_pivot td.o_pivot_cell_value:contains('6,000.00')",
            content: "Its revenue",
        },
    ],
});
