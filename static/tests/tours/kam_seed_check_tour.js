import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// The department head opens the seed's checks under Reporting, reads the
// A tier's filing rate in green, then the departments' appraisal.
registry.category("web_tour.tours").add("kam_seed_check_tour", {
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
            trigger: "a[data-menu-xmlid='key_account_management.menu_kam_reporting_seed_checks']",
            content: "Open the seed checks",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row.text-success:has(.o_data_cell[name='kind']:contains('Filing Rate')):has(.o_data_cell[name='tier_id']:contains('A'))",
            content: "The A tier's filing rate is on target: green",
        },
        {
            trigger: ".o_list_view .o_data_row.text-danger:has(.o_data_cell[name='kind']:contains('Member Stability'))",
            content: "No month computed yet: stability shows red",
        },
        {
            trigger: "button[data-menu-xmlid='key_account_management.menu_kam_reporting']",
            content: "Open Reporting again",
            run: "click",
        },
        {
            trigger: "a[data-menu-xmlid='key_account_management.menu_kam_reporting_department_appraisal']",
            content: "Open the department appraisal",
            run: "click",
        },
        {
            trigger: ".o_pivot_view, .o_view_nocontent",
            content: "The departments' on-time rates, month by month",
        },
    ],
});
