import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("kam_project_tour", {
    steps: () => [
        {
            trigger: ".o_kanban_view .o_kanban_record:contains('5G Private Network')",
            content: "Open the project from the kanban of delivery projects",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='task_ids'] .o_field_x2many_list_row_add a",
            content: "Add the work of another department",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='task_ids'] .o_selected_row .o_field_widget[name='department_id'] input",
            content: "Choose the department",
            run: "edit Tour Customer Department",
        },
        {
            trigger: ".ui-autocomplete a:contains('Tour Customer Department')",
            run: "click",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name='name'] textarea",
            content: "Describe its work",
            run: "edit Customer training and acceptance",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name='status'] .o_select_menu input",
            content: "The department reports its work done",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o_select_menu_item:contains('Done')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            content: "Save the project",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: ".o_field_widget[name='progress']:contains('100')",
            content: "All the department work is done",
        },
    ],
});

registry.category("web_tour.tours").add("kam_department_work_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='key_account_management.menu_kam_department_work_root']",
            content: "Department owners open their Department Work",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='department_id']:contains('Network Operations')",
            content: "Open my department's work",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='date_expected'] span",
            content: "The planned date is the project team's, not editable here",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='feedback'] textarea",
            content: "Report what was done",
            run: "edit All six sites are live",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button[data-value='done']",
            content: "Mark the work done",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
            content: "Choosing the status saves the work with its feedback",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='done']",
        },
    ],
});
