from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# the billing figures of a row, summed over its accounts
SUMS = ('billed_revenue', 'ict_revenue', 'voice_revenue', 'bundled_revenue', 'billed_margin',
        'overdue_amount')


class KamKpiSnapshot(models.Model):
    """The billing system's figures in the monthly KPIs: per row (manager ×
    tier × company), what was billed to its accounts in the month, its ICT,
    voice and bundled parts, the margin, the growth on the month before and
    the overdue amount of the month's arrears statements (seed 004's
    集团信息化收入, 集团话音收入 and 集团客户捆绑; seed 001's average
    customer value with its profit). Two grouped reads for the whole month,
    one batched write."""
    _inherit = 'kam.kpi.snapshot'

    billed_revenue = fields.Monetary(
        readonly=True,
        help="Revenue the billing system billed the row's accounts (and the companies they "
             "serve) in the month.")
    ict_revenue = fields.Monetary(
        "ICT Revenue", readonly=True, help="Billed revenue of the month on ICT service lines.")
    voice_revenue = fields.Monetary(
        readonly=True,
        help="Billed revenue of the month on voice service lines (话音).")
    bundled_revenue = fields.Monetary(
        readonly=True, help="Billed revenue of the month sold in bundles.")
    bundled_share = fields.Float(
        "Bundled Share (%)", readonly=True, digits=(5, 1), aggregator='avg',
        help="Bundled revenue ÷ billed revenue of the month.")
    billed_growth = fields.Float(
        "Billed Revenue Growth (%)", readonly=True, digits=(5, 1), aggregator='avg',
        help="Growth of the billed revenue of the row's accounts on the month before.")
    billed_average_value = fields.Monetary(
        "Billed Value per Account", readonly=True, aggregator='avg',
        help="Billed revenue ÷ accounts at end: the average customer value from the billing "
             "system.")
    billed_margin = fields.Monetary(
        readonly=True,
        help="Billed revenue of the month less its cost of service.")
    billed_margin_rate = fields.Float(
        "Billed Margin (%)", readonly=True, digits=(5, 1), aggregator='avg',
        help="Billed margin ÷ billed revenue of the month: the profit on the average value.")
    overdue_amount = fields.Monetary(
        "Overdue", readonly=True,
        help="Overdue amount on the month's arrears statements of the row's accounts.")

    @api.model
    def _kam_compute_month(self, month, companies=None):
        snapshots = super()._kam_compute_month(month, companies)
        month = fields.Date.to_date(month).replace(day=1)
        before = month - relativedelta(months=1)
        row_of = {}
        for snapshot in snapshots:
            for account_id in snapshot.account_ids.ids:
                row_of[account_id] = snapshot.id
        sums = defaultdict(lambda: defaultdict(float))
        for account, line_month, service, bundled, revenue, cost in self.env[
                'kam.billing.line'].sudo()._read_group(
                [('kam_account_id', 'in', list(row_of)), ('month', 'in', [month, before])],
                ['kam_account_id', 'month:month', 'service_id', 'bundled'],
                ['revenue:sum', 'cost:sum']):
            row = sums[row_of[account.id]]
            if line_month.replace(day=1) == before:
                row['before'] += revenue
                continue
            row['billed_revenue'] += revenue
            row['billed_margin'] += revenue - cost
            row['ict_revenue'] += revenue if service.is_ict else 0.0
            row['voice_revenue'] += revenue if service.is_voice else 0.0
            row['bundled_revenue'] += revenue if bundled else 0.0
        for account, overdue in self.env['kam.billing.arrears'].sudo()._read_group(
                [('kam_account_id', 'in', list(row_of)), ('month', '=', month)],
                ['kam_account_id'], ['overdue_amount:sum']):
            sums[row_of[account.id]]['overdue_amount'] += overdue
        if sums:
            billed = snapshots.browse(list(sums))
            billed._write_multi([self._kam_billing_values(snapshot, sums[snapshot.id])
                                 for snapshot in billed])
            billed.invalidate_recordset([*SUMS, 'bundled_share', 'billed_growth',
                                         'billed_average_value', 'billed_margin_rate',
                                         'write_date', 'write_uid'])
        return snapshots

    def _kam_billing_values(self, snapshot, row):
        revenue, before = row['billed_revenue'], row['before']
        return {
            **{fname: row[fname] for fname in SUMS},
            'bundled_share': 100.0 * row['bundled_revenue'] / revenue if revenue else 0.0,
            'billed_growth': 100.0 * (revenue - before) / before if before else 0.0,
            'billed_average_value': revenue / snapshot.accounts_end if snapshot.accounts_end
            else 0.0,
            'billed_margin_rate': 100.0 * row['billed_margin'] / revenue if revenue else 0.0,
        }
