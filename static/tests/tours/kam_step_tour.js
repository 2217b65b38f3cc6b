import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("kam_step_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='key_account_management.menu_kam_department_work_root']",
            content: "The department head opens his Department Work",
            run: "click",
        },
        {
            trigger: "a[data-menu-xmlid='key_account_management.menu_kam_department_work_steps']",
            content: "His provisioning steps",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='name']:contains('Site Survey')",
            content: "Open the survey of the new install",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='feedback'] textarea",
            content: "Report what was done",
            run: "edit Room and route confirmed",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: ".o_form_view button[name='action_close']",
            content: "Close the step",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='done']",
            content: "The step is closed",
        },
    ],
});
