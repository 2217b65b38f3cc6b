import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A department head opens Training, then a training plan, and reads who
// passed its certification on the Results tab.
registry.category("web_tour.tours").add("kam_training_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='key_account_management.menu_kam_root']",
            content: "Open Key Accounts",
            run: "click",
        },
        {
            trigger: "button[data-menu-xmlid='key_account_management.menu_kam_training']",
            content: "Open Training",
            run: "click",
        },
        {
            trigger: "a[data-menu-xmlid='key_account_management.menu_kam_training_plans']",
            content: "Open the training plans",
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains('Tour 5G certification')",
            content: "Open the plan",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook a[name='results']",
            content: "See the results",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='result_ids'] .o_data_row:contains('Account Manager One'):contains('Passed')",
            content: "The manager who passed is listed",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='result_ids'] .o_data_row:contains('Account Manager Two'):contains('Not Started')",
            content: "The one who has not started too",
        },
    ],
});
