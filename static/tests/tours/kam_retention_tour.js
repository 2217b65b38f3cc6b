import { registry } from "@web/core/registry";

// An account manager works a retention case: starts it, logs what was
// done and its cost, enters the revenue kept and closes it as retained.
registry.category("web_tour.tours").add("kam_retention_case_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name='factor_summary']:contains('Competitor offer logged')",
            content: "The case keeps the health factors that opened it",
        },
        {
            trigger: ".o_form_view button[name='action_start']",
            content: "Start working on the case",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('In Progress')",
        },
        {
            trigger: ".o_form_view .o_field_x2many_list_row_add a",
            content: "Log a retention action",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_data_row .o_field_widget[name='name'] input",
            run: "edit Tour care visit by the director",
        },
        {
            trigger: ".o_form_view .o_data_row .o_field_widget[name='cost'] input",
            run: "edit 1200",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='retained_revenue'] input",
            content: "The monthly revenue the customer stays with",
            run: "edit 40000",
        },
        {
            trigger: ".o_form_view button[name='action_retained']",
            content: "Close it as retained",
            run: "click",
        },
        {
            trigger: ".o_form_view .ribbon:contains('Retained')",
            content: "The case is retained",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='action_cost']:contains('1,200')",
            content: "Its actions' cost is summed",
        },
    ],
});

// A return visit is logged and marked done with the customer's satisfaction.
registry.category("web_tour.tours").add("kam_visit_tour", {
    steps: () => [
        {
            trigger: ".o_control_panel .o-kanban-button-new, .o_control_panel .o_list_button_add",
            content: "Log a visit",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit Tour quarterly review",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
            content: "The account visited",
            run: "edit Tour Visit",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Visit Group')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='satisfaction'] input",
            content: "How satisfied the customer is",
            run: "edit 4",
        },
        {
            trigger: ".o_form_view button[name='action_done']",
            content: "Mark it done",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
            content: "The visit is done",
        },
        {
            trigger: ".o_form_view button[name='action_send_survey']",
            content: "The survey can now be sent",
        },
    ],
});
