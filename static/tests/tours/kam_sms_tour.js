import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// An account manager texts the members of his group customer: from the
// account, Send SMS, compose with placeholders, preview the recipients and
// the cost, send in the background.
registry.category("web_tour.tours").add("kam_sms_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='key_account_management.menu_kam_root']",
            content: "Open the Key Accounts app",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td[name='complete_name']:contains('Tour Energy Group')",
            content: "Open the group customer",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_kam_send_sms']",
            content: "Send an SMS to its people",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='account_ids'] .o_tag:contains('Tour Energy Group')",
            content: "The account is already chosen",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='audience'] input[data-value='members']",
            content: "Text the group members",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='body'] textarea",
            content: "Compose with placeholders",
            run: "edit {name}，{company}的5G专网周六升级。",
        },
        {
            trigger: ".o_form_view button[name='action_preview']",
            content: "Preview the recipients and the cost",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='recipient_count']:contains('3')",
            content: "Three members get it",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='preview']:contains('【华东通信】')",
            content: "The preview carries the signature",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='preview']:contains('Reply TD to unsubscribe')",
            content: "and ends with the opt-out",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='cost']:contains('0.15')",
            content: "One segment each at 0.05",
        },
        {
            trigger: ".o_form_view button[name='action_send']",
            content: "Send",
            run: "click",
        },
        {
            trigger: ".modal-footer button.btn-primary",
            content: "Confirm",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Sending')",
            content: "The background job sends it in batches",
        },
    ],
});
