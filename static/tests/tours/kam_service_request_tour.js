import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_service_request_portal_tour", {
    steps: () => [
        {
            trigger: "a.o_kam_request_type_member",
            content: "Ask for a member change",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "input[name='contact_phone']",
            content: "A phone to be called back on",
            run: "edit 138 0571 0001",
        },
        {
            trigger: "select[name='line_0_operation']",
            content: "Add a member",
            run: "select member_add",
        },
        {
            trigger: "input[name='line_0_member_name']",
            run: "edit 高晓燕",
        },
        {
            trigger: "input[name='line_0_mobile']",
            run: "edit 136 0671 2345",
        },
        {
            trigger: "input[name='line_0_department']",
            run: "edit 信息中心",
        },
        {
            trigger: "button.o_kam_request_submit",
            content: "Submit the request",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_kam_request_state:contains('Submitted')",
            content: "The request is submitted",
        },
    ],
});

registry.category("web_tour.tours").add("kam_service_request_backend_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name='line_ids'] td:contains('高晓燕')",
            content: "The member to add is listed",
        },
        {
            trigger: ".o_form_view button[name='action_approve']",
            content: "Approve the member change",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_start']",
            content: "Start the work",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_done']",
            content: "Complete it: the member is added",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
            content: "The work order is done",
        },
    ],
});

registry.category("web_tour.tours").add("kam_member_address_book_tour", {
    steps: () => [
        {
            trigger: "table td:contains('高晓燕')",
            content: "The new member is in the address book",
        },
        {
            trigger: "table td:contains('13606712345')",
        },
    ],
});
