import { registry } from "@web/core/registry";

// An organisation applies on the public sign-up page: its details, a code
// texted to the applicant's mobile.
registry.category("web_tour.tours").add("kam_signup_apply_tour", {
    steps: () => [
        {
            trigger: "form.o_kam_signup_form input[name='name']",
            content: "The organisation's name",
            run: "edit 杭州文三路巡游科技有限公司",
        },
        {
            trigger: "form.o_kam_signup_form input[name='uscc']",
            content: "Its credit code",
            run: "edit 91330106MA2T0UR01N",
        },
        {
            trigger: "form.o_kam_signup_form input[name='contact_name']",
            run: "edit 周晓明",
        },
        {
            trigger: "form.o_kam_signup_form input[name='mobile']",
            content: "The applicant's mobile",
            run: "edit 138 0571 6688",
        },
        {
            trigger: "form.o_kam_signup_form input[name='city']",
            run: "edit 杭州",
        },
        {
            trigger: "form.o_kam_signup_form input[name='street']",
            content: "The address routes the application to its grid",
            run: "edit 西湖区文三路 100号",
        },
        {
            trigger: "form.o_kam_signup_form button.o_kam_signup_send",
            content: "Ask for the code",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "form.o_kam_signup_verify input[name='code']",
            content: "The code page shows the number masked",
        },
        {
            trigger: ".o_kam_signup:contains(138****6688)",
        },
    ],
});

// The applicant types the code he received (the test reads it from the
// queued SMS and passes it in the page's address as kam_tour_code).
registry.category("web_tour.tours").add("kam_signup_verify_tour", {
    steps: () => [
        {
            trigger: "form.o_kam_signup_verify input[name='code']",
            content: "Type the code of the SMS",
            async run(actions) {
                const code = new URLSearchParams(window.location.search).get("kam_tour_code");
                await actions.edit(code);
            },
        },
        {
            trigger: "form.o_kam_signup_verify button.o_kam_signup_confirm",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_kam_signup_done",
            content: "The application is received",
        },
    ],
});

// The grid manager qualifies the application into his grid's census and
// converts it to a key account.
registry.category("web_tour.tours").add("kam_signup_backend_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input:value('杭州文三路巡游科技有限公司')",
            content: "The application routed to the grid manager",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button[data-value='verified'].o_arrow_button_current",
        },
        {
            trigger: ".o_form_view button[name='action_qualify']",
            content: "Qualify it into the census",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button[data-value='qualified'].o_arrow_button_current",
        },
        {
            trigger: ".o_form_view button[name='action_convert']",
            content: "Convert it to a key account",
            run: "click",
        },
        {
            trigger: ".modal-footer button.btn-primary",
            content: "Confirm",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] input:value('杭州文三路巡游科技有限公司')",
            content: "The key account opens",
        },
        {
            trigger: ".o_form_view .ribbon:contains('Key Account')",
            content: "It is a key account",
        },
    ],
});
