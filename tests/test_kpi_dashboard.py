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
        for figure in data['sheets'][0]['figures']:
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

    def test_dashboard_opens_in_the_browser(self):
        self.env['kam.kpi.snapshot']._kam_compute_month(date.today())
        dashboard = self.env.ref('key_account_management.spreadsheet_dashboard_kam_kpi')
        self.assertFalse(dashboard._dashboard_is_empty())
        self.start_tour(f"/odoo/dashboards?dashboard_id={dashboard.id}", "kam_kpi_dashboard_tour",
                        login=self.user_kam_manager.login)
