import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_project_tour", {
    steps: () => [
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
