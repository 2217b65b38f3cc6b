import { registry } from "@web/core/registry";

// A grid manager opens an organisation of his grid he has been in touch
// with, qualifies it and converts it to a key account: the account opens,
// graded, with the census history one click away.
registry.category("web_tour.tours").add("kam_census_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input:value('Tour Census Org')",
            content: "The census entry of the organisation",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button[data-value='contacted'].o_arrow_button_current",
            content: "It has been contacted",
        },
        {
            trigger: ".o_form_view button[name='action_qualify']",
            content: "Qualify it",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button[data-value='qualified'].o_arrow_button_current",
        },
        {
            trigger: ".o_form_view button[name='action_convert']",
            content: "Convert it to a key account",
            run: "click",
        },
        {
            trigger: ".modal-footer button.btn-primary",
            content: "Confirm",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input:value('Tour Census Org')",
            content: "The key account opens",
        },
        {
            trigger: ".o_form_view .ribbon:contains('Key Account')",
            content: "It is a key account",
        },
    ],
});
