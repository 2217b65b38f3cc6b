import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("kam_agent_portal_tour", {
    steps: () => [
        {
            trigger: "tr.o_kam_agent_account:contains('Tour Served Port') a.o_kam_agent_raise",
            content: "Raise a work order for an account the agent serves",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "select[name='type_id']",
            content: "A fault on a line",
            run: "selectByLabel Fault Report",
        },
        {
            trigger: "input[name='number']",
            run: "edit 13805719911",
        },
        {
            trigger: "input[name='contact_phone']",
            run: "edit 13805716620",
        },
        {
            trigger: "textarea[name='description']",
            run: "edit No signal in the warehouse since this morning",
        },
        {
            trigger: "button.o_kam_agent_submit",
            content: "Submit the work order",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_kam_request_state:contains('Submitted')",
            content: "The work order is submitted",
        },
    ],
});
