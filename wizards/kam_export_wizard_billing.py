# The sheets' column lists call a local alias `_ = self.env._` (see
# kam_export_wizard.py)
# pylint: disable=prefer-env-translation
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import models


class KamExportWizard(models.TransientModel):
    """The billing system's figures in the workbook: the billing columns
    of the KPIs by manager and tier, and the same figures by region, read
    from the billing lines and arrears of the period's accounts."""
    _inherit = 'kam.export.wizard'

    def _kam_kpi_billing_columns(self):
        _ = self.env._
        return [(_("Billed Revenue"), 16, 'money'), (_("ICT Revenue"), 16, 'money'),
                (_("Voice Revenue"), 16, 'money'), (_("Bundled Share (%)"), 10, 'pct'),
                (_("Billed Revenue Growth (%)"), 10, 'pct'),
                (_("Billed Value per Account"), 14, 'money'), (_("Billed Margin (%)"), 10, 'pct'),
                (_("Overdue"), 14, 'money')]

    def _kam_kpi_billing_cells(self, snapshot):
        return (snapshot.billed_revenue, snapshot.ict_revenue, snapshot.voice_revenue,
                snapshot.bundled_share, snapshot.billed_growth, snapshot.billed_average_value,
                snapshot.billed_margin_rate, snapshot.overdue_amount)

    def _kam_sheet_billing_regions(self, book, styles, account_domain):
        """Per region of the accounts: billed revenue of the period, its
        ICT, voice and bundled parts, margin, value per billed account,
        growth on the period of the same length before, and the overdue
        amount of the period's last statements. Three grouped reads."""
        _ = self.env._
        sheet, formats, close = self._kam_sheet(book, styles, _("Billing by Region"), [
            (_("Region"), 24, None), (_("Accounts Billed"), 10, 'int'),
            *self._kam_kpi_billing_columns()])
        start, end = self.date_from.replace(day=1), self.date_to
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        before = start - relativedelta(months=months)
        Line = self.env['kam.billing.line']
        sums = defaultdict(lambda: defaultdict(float))
        accounts = defaultdict(set)
        for region, account, service, bundled, revenue, cost in Line._read_group(
                [('kam_account_id', 'any', account_domain), ('month', '>=', start),
                 ('month', '<=', end)],
                ['kam_account_region_id', 'kam_account_id', 'service_id', 'bundled'],
                ['revenue:sum', 'cost:sum']):
            row = sums[region]
            accounts[region].add(account.id)
            row['revenue'] += revenue
            row['margin'] += revenue - cost
            row['ict'] += revenue if service.is_ict else 0.0
            row['voice'] += revenue if service.is_voice else 0.0
            row['bundled'] += revenue if bundled else 0.0
        for region, revenue in Line._read_group(
                [('kam_account_id', 'any', account_domain), ('month', '>=', before),
                 ('month', '<', start)], ['kam_account_region_id'], ['revenue:sum']):
            sums[region]['before'] += revenue
        last = end.replace(day=1)
        for region, overdue in self.env['kam.billing.arrears']._read_group(
                [('kam_account_id', 'any', account_domain), ('month', '=', last)],
                ['kam_account_region_id'], ['overdue_amount:sum']):
            sums[region]['overdue'] += overdue

        def cells(region, row):
            revenue, count = row['revenue'], len(accounts[region])
            return (region.display_name or _("No Region"), count, revenue, row['ict'],
                    row['voice'], 100.0 * row['bundled'] / revenue if revenue else 0.0,
                    100.0 * (revenue - row['before']) / row['before'] if row['before'] else 0.0,
                    revenue / count if count else 0.0,
                    100.0 * row['margin'] / revenue if revenue else 0.0, row['overdue'])
        close(sheet.write_rows(1, (cells(region, row) for region, row in sorted(
            sums.items(), key=lambda item: item[0].display_name or '')), formats))
