import json
from datetime import date

from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from .common_retention import KamRetentionCommon


@tagged('post_install', '-at_install')
class TestKpiDashboard(HttpCase, KamRetentionCommon):
    """The KPI dashboard shipped in Odoo's Dashboards app."""

    def test_dashboard_reads_existing_aggregatable_fields(self):
        with file_open('key_account_management/data/files/kam_kpi_dashboard.json') as handle:
            data = json.load(handle)
        Snapshot = self.env['kam.kpi.snapshot']
        for pivot in data['pivots'].values():
            self.assertEqual(pivot['model'], 'kam.kpi.snapshot')
            for measure in pivot['measures']:
                self.assertTrue(Snapshot._fields[measure['fieldName']].aggregator, measure)
            for group in pivot['rows'] + pivot['columns']:
                self.assertIn(group['fieldName'], Snapshot._fields)
        sheet = data['sheets'][0]
        charts = [figure for figure in sheet['figures'] if figure['data']['type'] != 'scorecard']
        for figure in charts:
            meta = figure['data']['metaData']
            self.assertTrue(Snapshot._fields[meta['measure']].aggregator)
            for groupby in meta['groupBy']:
                self.assertIn(groupby.split(':')[0], Snapshot._fields)
        # without KPI rows the dashboard shows its sample; with them, the data
        dashboard = self.env.ref('key_account_management.spreadsheet_dashboard_kam_kpi')
        dashboard = dashboard.with_user(self.user_kam_manager)
        Snapshot.search([]).unlink()
        self.assertTrue(dashboard._dashboard_is_empty())
        self.assertTrue(dashboard._get_sample_dashboard()['sheets'])
        Snapshot._kam_compute_month(date.today())
        self.assertFalse(dashboard._dashboard_is_empty())

    def test_dashboard_layout(self):
        """Headline figures first (the month's retention, satisfaction,
        growth, coverage, stability and revenue, against their target or the
        month before), then the charts, then the pivot, which fits the sheet
        (wider than the sheet, it shows #SPILL!); no figure hides another's
        month labels."""
        with file_open('key_account_management/data/files/kam_kpi_dashboard.json') as handle:
            data = json.load(handle)
        sheet, data_sheet = data['sheets']
        sizes = {int(row): value['size'] for row, value in sheet['rows'].items()}

        def top(figure):
            return sum(sizes.get(row, 23) for row in range(figure['row'])) + figure['offset']['y']

        cards = [figure for figure in sheet['figures'] if figure['data']['type'] == 'scorecard']
        charts = [figure for figure in sheet['figures'] if figure['data']['type'] != 'scorecard']
        self.assertEqual([data_sheet['cells'][card['data']['keyValue'].split('!')[1].replace('B', 'A')]
                          for card in cards],
                         ['=_t("Retention rate")', '=_t("Satisfaction")', '=_t("Growth rate")',
                          '=_t("Member coverage")', '=_t("Stability rate")', '=_t("Monthly revenue")'])
        for card in cards:
            self.assertTrue(card['data']['baseline'], "each figure is set against a target or the month before")
        self.assertLess(max(top(card) + card['height'] for card in cards), min(top(chart) for chart in charts))
        figures = sorted(sheet['figures'], key=top)
        for figure in figures:
            for other in figures:
                if figure is other:
                    continue
                overlap_x = figure['offset']['x'] < other['offset']['x'] + other['width'] \
                    and other['offset']['x'] < figure['offset']['x'] + figure['width']
                overlap_y = top(figure) < top(other) + other['height'] and top(other) < top(figure) + figure['height']
                self.assertFalse(overlap_x and overlap_y, f"{figure['id']} overlaps {other['id']}")
        pivot_cell = next(cell for cell, content in sheet['cells'].items() if content.startswith('=PIVOT('))
        pivot_top = sum(sizes.get(row, 23) for row in range(int(pivot_cell[1:]) - 1))
        self.assertGreaterEqual(pivot_top, max(top(figure) + figure['height'] for figure in figures),
                                "the pivot comes after the charts, not under them")
        pivot_id = sheet['cells'][pivot_cell].split('(')[1].split(',')[0].rstrip(')')
        width = 1 + len(data['pivots'][pivot_id]['measures'])
        self.assertLessEqual(ord(pivot_cell[0]) - ord('A') + width, sheet['colNumber'], "the pivot fits the sheet")
        # the pivot and the headline follow the month chosen (this month at first)
        month_filter = data['globalFilters'][0]
        self.assertEqual((month_filter['type'], month_filter['defaultValue']), ('date', 'this_month'))
        for pivot in data['pivots'].values():
            self.assertEqual(pivot['fieldMatching'][month_filter['id']]['chain'], 'month')

    def test_rows_carry_their_targets(self):
        self.env['ir.config_parameter'].sudo().set_param('key_account_management.kpi_target_retention', 90)
        rows = self.env['kam.kpi.snapshot']._kam_compute_month(date.today())
        self.assertTrue(rows)
        self.assertEqual(set(rows.mapped('retention_target')), {90.0})
        self.assertEqual(set(rows.mapped('stability_target')), {70.0})

    def test_dashboard_opens_in_the_browser(self):
        self.env['kam.kpi.snapshot']._kam_compute_month(date.today())
        dashboard = self.env.ref('key_account_management.spreadsheet_dashboard_kam_kpi')
        self.assertFalse(dashboard._dashboard_is_empty())
        self.start_tour(f"/odoo/dashboards?dashboard_id={dashboard.id}", "kam_kpi_dashboard_tour",
                        login=self.user_kam_manager.login)
