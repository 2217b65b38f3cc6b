from collections import defaultdict

from odoo import api, fields, models


class KamKpiSnapshot(models.Model):
    """The billing system's figures in the monthly KPIs: per row (manager ×
    tier × company), what was billed to its accounts in the month, its ICT
    and bundled parts, the margin and the overdue amount of the month's
    arrears statements (seed 004's 集团信息化收入 and 集团客户捆绑). Two
    grouped reads for the whole month, one batched write."""
    _inherit = 'kam.kpi.snapshot'

    billed_revenue = fields.Monetary(
        readonly=True,
        help="Revenue the billing system billed the row's accounts (and the companies they "
             "serve) in the month.")
    ict_revenue = fields.Monetary(
        "ICT Revenue", readonly=True, help="Billed revenue of the month on ICT service lines.")
    bundled_revenue = fields.Monetary(
        readonly=True, help="Billed revenue of the month sold in bundles.")
    billed_margin = fields.Monetary(
        readonly=True,
        help="Billed revenue of the month less its cost of service.")
    overdue_amount = fields.Monetary(
        "Overdue", readonly=True,
        help="Overdue amount on the month's arrears statements of the row's accounts.")

    @api.model
    def _kam_compute_month(self, month, companies=None):
        snapshots = super()._kam_compute_month(month, companies)
        month = fields.Date.to_date(month).replace(day=1)
        row_of = {}
        for snapshot in snapshots:
            for account_id in snapshot.account_ids.ids:
                row_of[account_id] = snapshot.id
        sums = defaultdict(lambda: defaultdict(float))
        for account, service, bundled, revenue, cost in self.env['kam.billing.line'].sudo()._read_group(
                [('kam_account_id', 'in', list(row_of)), ('month', '=', month)],
                ['kam_account_id', 'service_id', 'bundled'], ['revenue:sum', 'cost:sum']):
            row = sums[row_of[account.id]]
            row['billed_revenue'] += revenue
            row['billed_margin'] += revenue - cost
            row['ict_revenue'] += revenue if service.is_ict else 0.0
            row['bundled_revenue'] += revenue if bundled else 0.0
        for account, overdue in self.env['kam.billing.arrears'].sudo()._read_group(
                [('kam_account_id', 'in', list(row_of)), ('month', '=', month)],
                ['kam_account_id'], ['overdue_amount:sum']):
            sums[row_of[account.id]]['overdue_amount'] += overdue
        if sums:
            billed = snapshots.browse(list(sums))
            billed._write_multi([dict(sums[snapshot_id]) for snapshot_id in billed.ids])
            billed.invalidate_recordset(['billed_revenue', 'ict_revenue', 'bundled_revenue',
                                         'billed_margin', 'overdue_amount', 'write_date',
                                         'write_uid'])
        return snapshots
