from collections import defaultdict

from odoo import api, fields, models

from .kam_health_rule import health_thresholds
from .kam_tools import lang_groups, mark_failed, process_in_chunks
from .res_partner import KAM_USER

HEALTH_BANDS = [('healthy', "Healthy"), ('watch', "Watch"), ('at_risk', "At Risk")]


class ResPartner(models.Model):
    """The health score of a key account: 100 minus the points its factors
    take off, each factor a stored line with its reason; the band it puts
    the account in, the monthly curve, and the daily job that measures every
    key account, opens a retention case when one falls at risk and plans the
    return visits that are due."""
    _inherit = 'res.partner'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    kam_health_score = fields.Integer(
        "Health Score", readonly=True, copy=False, groups=KAM_USER, aggregator='avg',
        help="0-100: 100 minus the points the health factors take off, measured every "
             "night; the factors below say why.")
    kam_health_band = fields.Selection(
        HEALTH_BANDS, "Health", readonly=True, copy=False, index='btree_not_null',
        groups=KAM_USER,
        help="Healthy, watch or at risk, by the thresholds in Settings; entering \"at "
             "risk\" opens a retention case.")
    kam_health_date = fields.Date(
        "Health Measured On", readonly=True, copy=False, groups=KAM_USER,
        help="Last day the health job measured the account; it resumes from there.")
    kam_health_factor_ids = fields.One2many(
        'kam.health.factor', 'partner_id', "Health Factors", readonly=True, copy=False, groups=KAM_USER,
        help="What lowers the score, factor by factor, with the points each takes off.")
    kam_health_history_ids = fields.One2many(
        'kam.health.history', 'partner_id', "Health History", readonly=True, copy=False, groups=KAM_USER,
        help="The score and key figures month by month: the relationship curve.")

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_kam_compute_health(self):
        """Measure the health of these accounts now (as the nightly job does)."""
        accounts = self.filtered('kam_is_key_account')
        accounts._kam_check_account_rights()
        accounts.sudo()._kam_compute_health()
        return True

    def action_kam_view_health_history(self):
        return self._kam_action('kam_health_history_action', [('partner_id', '=', self.id)],
                                {'search_default_partner_id': self.id})

    # ------------------------------------------------------------
    # The health job
    # ------------------------------------------------------------

    def _kam_compute_health(self, today=None):
        """Measure these key accounts: every factor once for the whole batch,
        the factor lines replaced in one create, the scores written grouped
        by value, the month's history row kept, then the early warning and
        the visit plan. A batch costs the same number of queries whatever
        its size."""
        today = today or fields.Date.context_today(self)
        accounts = self.filtered('kam_is_key_account')
        if not accounts:
            return {}
        # counts computed earlier in the transaction may be stale
        accounts.invalidate_recordset(['kam_group_member_count', 'kam_member_count'])
        Rule = self.env['kam.health.rule']
        watch_below, risk_below = health_thresholds(self.env)
        results = []
        # each company's accounts on its own factors and the shared ones;
        # the sentences read in the language of the account's manager
        for company, company_accounts in accounts.grouped(
                lambda p: p.company_id or self.env.company).items():
            rules = Rule._kam_company_rules(company)
            for lang, group in lang_groups(company_accounts,
                                           lambda p: p.kam_manager_id.lang).items():
                results += rules.with_context(lang=lang)._kam_evaluate(
                    group.with_context(lang=lang), today)
        lines, points = [], defaultdict(float)
        for rule, found in results:
            for pid, (severity, value, sentence) in found.items():
                lost = round(rule.weight * min(max(severity, 0.0), 1.0), 1)
                if lost <= 0:
                    continue
                points[pid] += lost
                lines.append({'partner_id': pid, 'rule_id': rule.id, 'name': sentence,
                              'value': value, 'points': lost, 'date': today})
        Factor = self.env['kam.health.factor'].sudo()
        Factor.search([('partner_id', 'in', accounts.ids)]).unlink()
        Factor.create(lines)
        old_bands = {account.id: account.kam_health_band for account in accounts}
        values = []
        for account in accounts:
            score = max(0, min(100, round(100 - points[account.id])))
            band = ('healthy' if score >= watch_below
                    else 'watch' if score >= risk_below else 'at_risk')
            values.append({'kam_health_score': score, 'kam_health_band': band,
                           'kam_health_date': today})
        # one UPDATE for the chunk (the ORM's batch writer: nothing depends on them)
        accounts.flush_recordset()
        accounts._write_multi(values)
        accounts.invalidate_recordset(['kam_health_score', 'kam_health_band', 'kam_health_date',
                                       'write_date', 'write_uid'])
        accounts._kam_keep_health_history(today)
        entered = accounts.filtered(
            lambda a: a.kam_health_band == 'at_risk' and old_bands[a.id] != 'at_risk')
        self.env['kam.retention.case'].sudo()._kam_open_for(entered, trigger='auto')
        self.env['kam.visit'].sudo()._kam_plan_visits(accounts, today)
        return dict(points)

    def _kam_health_snapshot(self):
        """The account's health as a retention case keeps it when it opens."""
        self.ensure_one()
        return {
            'score_at_open': self.kam_health_score,
            'band_at_open': self.kam_health_band,
            'factor_summary': "\n".join(
                f"-{factor.points:g} {factor.name}" for factor in self.kam_health_factor_ids),
        }

    def _kam_keep_health_history(self, today):
        """The current month's history row of each account: created or
        brought up to date in one batch."""
        month = today.replace(day=1)
        History = self.env['kam.health.history'].sudo()
        rows = {row.partner_id.id: row for row in History.search(
            [('partner_id', 'in', self.ids), ('month', '=', month)])}
        new, updates = [], []
        for account in self:
            vals = {
                'score': account.kam_health_score, 'band': account.kam_health_band,
                'tier_id': account.kam_tier_id.id or None,
                'tier_sequence': account.kam_tier_id.sequence if account.kam_tier_id else 0,
                'currency_id': account.kam_currency_id.id or None,
                'monthly_revenue': account.kam_monthly_revenue,
                'handset_count': account.kam_handset_count,
                'member_count': account.kam_group_member_count,
            }
            if account.id in rows:
                updates.append((rows[account.id], vals))
            else:
                new.append(dict(vals, partner_id=account.id, month=month))
        History.create([{k: v or False for k, v in vals.items()} for vals in new])
        if updates:
            History.browse([row.id for row, _vals in updates])._write_multi(
                [vals for _row, vals in updates])

    def _kam_health_pending_domain(self):
        today = fields.Date.context_today(self)
        return [('kam_is_key_account', '=', True),
                '|', ('kam_health_date', '=', False), ('kam_health_date', '<', today)]

    @api.model
    def _cron_kam_health(self, batch_size=200):
        """Daily: measure the key accounts not yet measured today, a chunk at
        a time; a crash or a rerun picks up where the last commit left. An
        account that fails is measured again the next day and its manager
        told why."""
        process_in_chunks(self.sudo(), self._kam_health_pending_domain(),
                          lambda accounts: accounts._kam_compute_health(), batch_size,
                          on_failure=lambda account, error: account._kam_health_failed(error))

    def _kam_health_failed(self, error):
        mark_failed(self, error, 'kam_health_date', self.kam_manager_id,
                    lambda env: env._("The daily health score"))
