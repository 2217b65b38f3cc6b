import { registry } from "@web/core/registry";

// An account manager opens a decision maker of his account, opens the
// relationship profile from the Decision Map page, notes the contact's
// interests and preferred channel, saves, and finds the profile in the list.
registry.category("web_tour.tours").add("kam_contact_profile_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_notebook a[name='kam_decision_map']",
            content: "Open the contact's Decision Map page",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_kam_open_contact_profile']",
            content: "Open the relationship profile",
            run: "click",
        },
        {
            trigger: ".o_form_view .alert-warning:contains('Sensitive personal information')",
            content: "The profile says it is sensitive",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='preferred_channel'] .o_select_menu_toggler",
            content: "Choose the preferred channel",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o_select_menu_item:contains('WeChat')",
            content: "Prefers WeChat",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='interests'] textarea",
            content: "Note the interests",
            run: "edit Go and hiking",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            content: "Save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
            content: "Saved",
        },
        {
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item:not(.active) a",
            content: "Back to the contact",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name']",
        },
    ],
});
