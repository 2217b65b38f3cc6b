import { registry } from "@web/core/registry";

// The data protection officer answers a person's access request: the
// person's number typed, everything about it found, the export made.
registry.category("web_tour.tours").add("kam_data_request_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name='requester_name'] input",
            content: "The person's name",
            run: "edit 陈明",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='requester_number'] input",
            content: "The person's mobile, as the person gave it",
            run: "edit +86 138 0571 0001",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            content: "Record the request",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_find']",
            content: "Find everything about the person",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button[data-value='found'].o_arrow_button_current",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains('1')",
            content: "The kinds of records found, with their counts",
        },
        {
            trigger: ".o_form_view button[name='action_export'].btn-primary",
            content: "Export it for the person",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button[data-value='done'].o_arrow_button_current",
            content: "The access request is answered",
        },
    ],
});
