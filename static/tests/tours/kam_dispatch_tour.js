import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_service_request_tier_dispatch_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name='review_ids']",
            content: "The work order waits for its approval level",
        },
        {
            trigger: ".o_form_view button[name='action_approve']",
            content: "Approve it at my level",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Accepted')",
            content: "Every level approved: the work order is accepted",
        },
        {
            trigger: ".o_form_view button[name='action_dispatch']",
            content: "Dispatch it by the rules",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='kam_dispatch_rule_id']:contains('Member changes to the branch')",
            content: "It went to the city branch",
        },
    ],
});
