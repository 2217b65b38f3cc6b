import { registry } from "@web/core/registry";

// A discount application from the customer's portal, through two approvals,
// to a line of a draft contract (tests/test_tariff_portal.py runs them in turn).
registry.category("web_tour.tours").add("kam_tariff_portal_tour", {
    steps: () => [
        {
            trigger: "form.o_kam_tariff_form input[name='subject']",
            content: "Say what is asked",
            run: "edit Tour private lines at 20 % off",
        },
        {
            trigger: "form.o_kam_tariff_form select[name='line_0_product_id']",
            content: "Choose a service of the catalogue",
            run: "selectByLabel Tour Private Line",
        },
        {
            trigger: "form.o_kam_tariff_form input[name='line_0_quantity']",
            run: "edit 10",
        },
        {
            trigger: "form.o_kam_tariff_form input[name='line_0_proposed_price']",
            content: "The monthly price asked for",
            run: "edit 2400",
        },
        {
            trigger: "form.o_kam_tariff_form textarea[name='justification']",
            run: "edit The competitor offers 25 % less",
        },
        {
            trigger: "form.o_kam_tariff_form button.o_kam_tariff_submit",
            content: "Submit for approval",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_kam_tariff_detail:contains('Tour private lines at 20 % off')",
            content: "The application waits for approval",
        },
    ],
});

registry.category("web_tour.tours").add("kam_tariff_review_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .alert-warning button[name='validate_tier']",
            content: "Approve at my level",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(:has(.alert-warning button[name='validate_tier']))",
            content: "My level has decided",
        },
    ],
});

registry.category("web_tour.tours").add("kam_tariff_contract_tour", {
    steps: () => [
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='approved']",
            content: "Both levels approved",
        },
        {
            trigger: ".o_form_view button[name='action_make_contract']",
            content: "Make the contract lines",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains('Tour Private Line')",
            content: "The draft contract carries the service at the approved price",
        },
    ],
});
