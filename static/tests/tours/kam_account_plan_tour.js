import { registry } from "@web/core/registry";

// An account manager opens his key account, starts the plan of the year,
// writes down a need of the customer and an action, and submits the plan.
registry.category("web_tour.tours").add("kam_account_plan_tour", {
    steps: () => {
        const year = new Date().getFullYear();
        return [
            {
                trigger: ".o_form_view .o-form-buttonbox .oe_stat_button",
                content: "The account's smart buttons: the plans may sit under More",
                run() {
                    const selector = "button[name='action_kam_view_account_plans']";
                    if (!document.querySelector(`.o_form_view ${selector}`)) {
                        document.querySelector(".o_form_view .o_button_more").click();
                    }
                },
            },
            {
                trigger: "button[name='action_kam_view_account_plans']",
                content: "Open the account's plans",
                run: "click",
            },
            {
                trigger: ".o_control_panel .o-kanban-button-new, .o_control_panel .o_list_button_add",
                content: "Start a plan",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value('Tour Plan Group')",
                content: "The plan is for the account",
            },
            {
                trigger: ".o_form_view .o_notebook a.nav-link:contains('3. Needs')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='need_ids'] .o_field_x2many_list_row_add a",
                content: "Write down a need of the customer",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='need_ids'] .o_data_row .o_field_widget[name='name'] input",
                run: "edit Tour private 5G for the substations",
            },
            {
                trigger: ".o_form_view .o_notebook a.nav-link:contains('5. Actions')",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='action_ids'] .o_field_x2many_list_row_add a",
                content: "Plan an action",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='action_ids'] .o_data_row .o_field_widget[name='name'] input",
                run: "edit Tour visit the IT director",
            },
            {
                trigger: ".o_form_view .o_field_widget[name='action_ids'] .o_data_row .o_field_widget[name='date_due'] input",
                content: "Due within the plan's year",
                run: `edit 12/15/${year}`,
            },
            {
                trigger: ".o_form_view button[name='action_submit']",
                content: "Submit the plan for review",
                run: "click",
            },
            {
                trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Under Review')",
                content: "The plan waits for a manager's approval",
            },
        ];
    },
});
