import { registry } from "@web/core/registry";

// The KPI dashboard opens in the Dashboards app with its charts and pivot.
registry.category("web_tour.tours").add("kam_kpi_dashboard_tour", {
    steps: () => [
        {
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet",
            content: "The dashboard is loaded",
            // the first opening builds Odoo's spreadsheet bundle: 8 s on a busy machine
            timeout: 30000,
        },
        {
            trigger: ".o_spreadsheet_dashboard_action .o-figure canvas",
            content: "Its charts are drawn",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action .o-grid",
            content: "Its grid with the pivot of KPIs is shown",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action .o-figure:eq(9) canvas",
            content: "Six headline figures and four charts are drawn",
            run() {
                const figures = document.querySelectorAll(".o_spreadsheet_dashboard_action .o-figure");
                if (figures.length !== 10) {
                    throw new Error(`The dashboard shows ${figures.length} figures instead of 10`);
                }
            },
        },
    ],
});
