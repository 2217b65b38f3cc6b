import { registry } from "@web/core/registry";

// An account manager opens the knowledge base, reads a colleague's winning
// case and marks that it helped him.
registry.category("web_tour.tours").add("kam_knowledge_tour", {
    steps: () => [
        {
            trigger: ".o_kanban_record:contains('Tour energy 5G case')",
            content: "Open the winning case",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='body']:contains('network slice')",
            content: "The story of the case",
        },
        {
            trigger: ".o_form_view button[name='action_toggle_helpful']:not(.o_kam_helped)",
            content: "It helped me",
            run: "click",
        },
        {
            trigger: ".o_form_view button.o_kam_helped",
            content: "Pressed: it can be taken back",
        },
        {
            trigger: ".o_form_view .oe_stat_button .o_stat_value:contains('1')",
            content: "One reader found it helpful",
        },
    ],
});
