import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// An administrator opens the branch structure under Configuration, opens a
// city and finds its district and its region head there.
registry.category("web_tour.tours").add("kam_region_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='key_account_management.menu_kam_root']",
            content: "Open the Key Accounts app",
            run: "click",
        },
        {
            trigger: "button[data-menu-xmlid='key_account_management.menu_kam_config']",
            content: "Open Configuration",
            run: "click",
        },
        {
            trigger: "a[data-menu-xmlid='key_account_management.menu_kam_config_regions']",
            content: "Open the regions",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_cell[name='complete_name']:contains('Tour Province / Tour City'):not(:contains('Tour District'))",
            content: "Open the city",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input:value('Tour City')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='child_ids'] .o_data_row:contains('Tour District')",
            content: "The city's district is listed",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='head_user_ids']:has(img, .o_avatar, .o_tag)",
            content: "The city has its region head",
        },
    ],
});
