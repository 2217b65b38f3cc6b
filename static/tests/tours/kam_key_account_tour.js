import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("kam_key_account_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='key_account_management.menu_kam_root']",
            content: "Open the Key Accounts app",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='complete_name']:contains('Tour Harbour Group')",
            content: "Open my account from the Key Accounts list",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook a[name='key_account']",
            content: "Open the Key Account tab",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='kam_tier_reason']:contains('B:')",
            content: "The tier and its reason are shown",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='kam_tier_locked'] input",
            content: "Lock the tier (the toggle saves the account at once)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='kam_tier_locked'] input:checked",
        },
        {
            trigger: ".o-mail-Chatter .o-mail-Message:contains('Tier Locked')",
            content: "The chatter records the lock",
        },
        {
            trigger: ".o_form_view .o-form-buttonbox .oe_stat_button",
            content: "The account's smart buttons: the subsidiaries may sit under More",
            run() {
                const selector = "button[name='action_kam_view_subsidiaries']";
                if (!document.querySelector(`.o_form_view ${selector}`)) {
                    document.querySelector(".o_form_view .o_button_more").click();
                }
            },
        },
        {
            trigger: "button[name='action_kam_view_subsidiaries']",
            content: "Open the chart of the account's subsidiaries",
            run: "click",
        },
        {
            trigger: ".o_hierarchy_view .o_hierarchy_node:contains('Tour Harbour Port')",
            content: "The chart shows the account's group, and only it",
            run() {
                const names = [...document.querySelectorAll(".o_hierarchy_node .o_hierarchy_node_header")]
                    .map((node) => node.textContent.trim()).sort();
                if (JSON.stringify(names) !== JSON.stringify(["Tour Harbour Group", "Tour Harbour Port"])) {
                    throw new Error(`The subsidiaries' chart shows ${names.length} nodes: ${names.join(", ")}`);
                }
            },
        },
    ],
});
