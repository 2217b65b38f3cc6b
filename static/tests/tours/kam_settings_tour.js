import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("kam_settings_tour", {
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
            trigger: "a[data-menu-xmlid='key_account_management.menu_kam_config_settings']",
            content: "Open the Key Accounts settings",
            run: "click",
        },
        {
            trigger: ".o-settings-form-view .app_settings_block[data-key='key_account_management'] #kam_manager_capacity input",
            content: "Set the accounts per manager",
            run: "edit 40",
        },
        {
            trigger: ".o-settings-form-view",
            content: "Mark the page so the reload after saving can be told apart",
            run() {
                document.body.classList.add("kam_tour_unsaved");
            },
        },
        {
            trigger: ".o_control_panel .o_form_button_save",
            content: "Save the settings (the page reloads)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The settings page was reloaded from the server",
            trigger: "body:not(.kam_tour_unsaved) .o-settings-form-view #kam_manager_capacity input",
        },
    ],
});
