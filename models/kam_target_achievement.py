from collections import defaultdict
from datetime import date

from odoo import api, fields, models

from .kam_target import KPIS


class KamTarget(models.Model):
    """What a target has achieved, read from the monthly KPI snapshots of
    the managers of its unit: the account manager himself, a team's leader
    and members, the managers working in a region or in the regions below
    it, every manager of the company. Revenue and new accounts add up over
    the months and the managers; rates are averaged over the rows where
    they apply. Stored so that lists, pivots and graphs read them; the
    monthly KPI job refreshes them, and *Refresh Achievement* on demand."""
    _inherit = 'kam.target'

    achieved = fields.Float(
        digits=(16, 2), compute='_compute_achievement', store=True, readonly=True,
        help="Over the period up to today (or its end): the KPI read from the KPI snapshots.")
    achieved_mtd = fields.Float(
        "Month to Date", digits=(16, 2), compute='_compute_achievement', store=True,
        readonly=True, help="The KPI of the current month (or of the period's last month).")
    achieved_ytd = fields.Float(
        "Year to Date", digits=(16, 2), compute='_compute_achievement', store=True,
        readonly=True,
        help="From January of the year up to the current month (or the period's last month).")
    achievement_rate = fields.Float(
        "Achievement (%)", digits=(5, 1), compute='_compute_achievement', store=True,
        readonly=True, aggregator='avg', help="Achieved ÷ target.")
    achievement_date = fields.Date(
        "Achievement As Of", compute='_compute_achievement', store=True, readonly=True,
        help="The day the achievement was last read from the KPI snapshots.")

    @api.depends('kpi', 'level', 'company_id', 'region_id', 'team_id', 'user_id',
                 'date_start', 'date_end', 'target_value')
    def _compute_achievement(self):
        """All targets at once: one grouped read of the snapshots by
        company, manager and month over the span of the targets."""
        today = fields.Date.context_today(self)
        targets = self.filtered(lambda t: t.kpi and t.date_start and t.date_end)
        (self - targets).update({'achieved': 0, 'achieved_mtd': 0, 'achieved_ytd': 0,
                                 'achievement_rate': 0, 'achievement_date': today})
        if not targets:
            return
        users_of = targets._kam_unit_users()
        measures = sorted({KPIS[kpi][0] for kpi in targets.mapped('kpi')})
        aggregates = [f'{m}:sum' for m in measures] + [f'{m}:count' for m in measures]
        span_start = min(date(t.date_start.year, 1, 1) for t in targets)
        span_end = max(targets.mapped('date_end'))
        rows = self.env['kam.kpi.snapshot'].sudo()._read_group(
            [('company_id', 'in', targets.company_id.ids), ('month', '>=', span_start),
             ('month', '<=', span_end)],
            ['company_id', 'user_id', 'month:month'], aggregates)
        # {(company id, user id, month): {measure: (sum, count)}}
        figures = {}
        for company, user, month, *values in rows:
            figures[company.id, user.id, month] = {
                m: (values[i], values[len(measures) + i]) for i, m in enumerate(measures)}
        for target in targets:
            measure, how = KPIS[target.kpi]
            as_of = min(today, target.date_end)
            last_month = as_of.replace(day=1)
            users = users_of[target.id]
            totals = defaultdict(lambda: [0.0, 0])
            for (company_id, user_id, month), values in figures.items():
                if company_id != target.company_id.id or (users is not None and user_id not in users):
                    continue
                value, count = values[measure]
                windows = []
                if target.date_start <= month <= as_of:
                    windows.append('period')
                if month == last_month:
                    windows.append('mtd')
                if last_month.replace(month=1) <= month <= as_of:
                    windows.append('ytd')
                for window in windows:
                    totals[window][0] += value or 0.0
                    totals[window][1] += count or 0
            result = {}
            for window, (value, count) in (('period', totals['period']), ('mtd', totals['mtd']),
                                           ('ytd', totals['ytd'])):
                result[window] = value if how == 'sum' else (value / count if count else 0.0)
            target.achieved = result['period']
            target.achieved_mtd = result['mtd']
            target.achieved_ytd = result['ytd']
            target.achievement_rate = (
                100.0 * result['period'] / target.target_value if target.target_value else 0.0)
            target.achievement_date = today

    def _kam_unit_users(self):
        """``{target id: set of manager ids}`` (None: every manager of the
        company), read in a constant number of queries."""
        regions = self.sudo().filtered(lambda t: t.level == 'region').region_id
        below = self.env['kam.region'].sudo().with_context(active_test=False).search(
            [('id', 'child_of', regions.ids)]) if regions else self.env['kam.region']
        region_users = defaultdict(set)
        for sub in below:
            for region in regions:
                if sub.parent_path.startswith(region.parent_path):
                    region_users[region.id].update(sub.user_ids.ids)
        users_of = {}
        for target in self.sudo():
            if target.level == 'company':
                users_of[target.id] = None
            elif target.level == 'region':
                users_of[target.id] = region_users[target.region_id.id]
            elif target.level == 'team':
                users_of[target.id] = set((target.team_id.member_ids | target.team_id.user_id).ids)
            else:
                users_of[target.id] = {target.user_id.id}
        return users_of

    def _kam_refresh_achievement(self):
        """Read the achievement again (after new KPI snapshots, or a day later)."""
        self.env.add_to_compute(self._fields['achieved'], self)
        self._recompute_recordset(['achieved'])
        return True

    @api.model
    def _kam_refresh_for_month(self, month, companies):
        """The targets whose achievement a recomputed KPI month changes:
        those running in it or later in its year (their year to date)."""
        month = fields.Date.to_date(month).replace(day=1)
        self.sudo().search([
            ('company_id', 'in', companies.ids), ('date_end', '>=', month),
            ('date_start', '<=', month.replace(month=12, day=31)),
        ])._kam_refresh_achievement()

    def action_refresh_achievement(self):
        """Read the achievement of these targets from the KPI snapshots again."""
        self.check_access('read')
        self.sudo()._kam_refresh_achievement()
        return True
