import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// The department head opens the province's revenue target under Reporting,
// splits it to the cities by the key accounts they hold, reads the parts,
// then reads the month's scorecards and opens the best one.
registry.category("web_tour.tours").add("kam_target_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='key_account_management.menu_kam_root']",
            content: "Open the Key Accounts app",
            run: "click",
        },
        {
            trigger: "button[data-menu-xmlid='key_account_management.menu_kam_reporting']",
            content: "Open Reporting",
            run: "click",
        },
        {
            trigger: "a[data-menu-xmlid='key_account_management.menu_kam_reporting_targets']",
            content: "Open the targets",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header:contains('Revenue')",
            content: "Unfold the revenue targets",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:has(.o_data_cell[name='level']:contains('Province')) .o_data_cell[name='target_value']:contains('1,000.00')",
            content: "Open the province's target",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_split']",
            content: "Split it",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='basis'] .o_select_menu_toggler",
            content: "Split by the key accounts held",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o_select_menu_item:contains('Key accounts held')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:contains('Tour City A') .o_data_cell[name='target_value']:contains('750.00')",
            content: "City A holds three accounts of four",
        },
        {
            trigger: ".modal button[name='action_split']",
            content: "Split",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour City B') .o_data_cell[name='target_value']:contains('250.00')",
            content: "The parts are listed",
        },
        {
            trigger: "button[data-menu-xmlid='key_account_management.menu_kam_reporting']",
            content: "Open Reporting again",
            run: "click",
        },
        {
            trigger: "a[data-menu-xmlid='key_account_management.menu_kam_reporting_scorecards']",
            content: "Open the scorecards",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_group_header",
            content: "Unfold the month",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Star Manager') .o_data_cell[name='rank_team']:contains('1')",
            content: "Open the best scorecard of the team",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains('1,500.00')",
            content: "Its revenue line is there",
        },
    ],
});
