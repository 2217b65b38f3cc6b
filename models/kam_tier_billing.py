from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_amount

from .kam_tools import int_param
from .res_partner_billing import TIER_MONTHS_DEFAULT, TIER_MONTHS_PARAM, month_start


class KamTier(models.Model):
    """The rank rule of seed 004 (A: the top 5 % of group customers by
    spend, B: the next 25 %, C: the other 70 %): a tier may take the key
    accounts within the top X % by billed monthly average, X counted from
    the top (5 for A, 30 for B). The tiers' list shows the actual split
    against the one the rank rules aim at."""
    _inherit = 'kam.tier'

    rank_top_percent = fields.Float(
        "Within the Top (%)", digits=(5, 1),
        help="Key accounts with billing ranked within the top X % of all key accounts with "
             "billing by their billed monthly average earn this tier, counted from the top "
             "(seed 004: A 5, B 30). 0: no rank rule.")
    target_share = fields.Float(
        "Aimed Share (%)", compute='_compute_shares', digits=(5, 1),
        help="Share of the key accounts the rank rules give this tier: its top percentage "
             "less the tier's above it; the last tier takes the rest.")
    account_share = fields.Float(
        "Actual Share (%)", compute='_compute_shares', digits=(5, 1),
        help="Share of the key accounts that have this tier now.")

    _rank_top_percent_range = models.Constraint(
        'CHECK(rank_top_percent >= 0 AND rank_top_percent <= 100)',
        "A tier's top percentage is between 0 and 100.")

    @api.depends('rank_top_percent', 'sequence')
    @api.depends_context('uid')
    def _compute_shares(self):
        tiers = self.search([])
        counts = dict(self.env['res.partner']._read_group(
            [('kam_tier_id', 'in', tiers.ids), ('kam_is_key_account', '=', True)],
            ['kam_tier_id'], ['__count']))
        total = sum(counts.values())
        aimed, above, rest_given = {}, 0.0, False
        ranked = any(tiers.mapped('rank_top_percent'))
        for tier in tiers:
            share = 0.0
            if ranked and tier.rank_top_percent:
                share = max(tier.rank_top_percent - above, 0.0)
                above = max(above, tier.rank_top_percent)
            elif ranked and not rest_given:
                # the first tier below the ranked ones takes the rest
                share, rest_given = max(100.0 - above, 0.0), True
            aimed[tier.id] = share
        for tier in self:
            tier.target_share = aimed.get(tier.id, 0.0)
            tier.account_share = 100.0 * counts.get(tier, 0) / total if total else 0.0

    @api.constrains('rank_top_percent', 'sequence')
    def _check_rank_order(self):
        ranks = [tier for tier in self.search([]) if tier.rank_top_percent]
        for higher, lower in zip(ranks, ranks[1:]):
            if higher.rank_top_percent >= lower.rank_top_percent:
                raise ValidationError(self.env._(
                    "Tier %(higher)s comes before tier %(lower)s: its top percentage must be "
                    "smaller (the top 5 %% before the top 30 %%).",
                    higher=higher.display_name, lower=lower.display_name))

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _kam_rank_cutoffs(self):
        """``{tier id: billed monthly average}``: the average that an
        account must exceed to rank within each rank tier's top percentage,
        over every key account with billing in the months the tiers average
        (the top 5 % of 20 accounts is the first). One query."""
        ranked = self.search([('rank_top_percent', '>', 0)])
        if not ranked:
            return {}
        months = int_param(self.env, TIER_MONTHS_PARAM, TIER_MONTHS_DEFAULT, 1)
        this_month = month_start(fields.Date.context_today(self))
        self.env['kam.billing.line'].flush_model(['kam_account_id', 'month', 'revenue'])
        fractions = [1.0 - tier.rank_top_percent / 100.0 for tier in ranked]
        rows = self.env.execute_query(SQL(
            """SELECT percentile_disc(%(fractions)s::float8[]) WITHIN GROUP (ORDER BY average)
                 FROM (SELECT l.kam_account_id, sum(l.revenue) / count(DISTINCT l.month) AS average
                         FROM kam_billing_line l
                         JOIN res_partner p ON p.id = l.kam_account_id AND p.kam_is_key_account
                        WHERE l.month < %(end)s AND l.month >= %(start)s
                     GROUP BY l.kam_account_id) AS averages""",
            fractions=fractions, end=this_month, start=month_start(this_month, months)))
        cutoffs = rows[0][0] if rows and rows[0][0] else []
        return {tier.id: float(cutoff) for tier, cutoff in zip(ranked, cutoffs)
                if cutoff is not None}

    def _kam_rule_reason(self, figures):
        reason = super()._kam_rule_reason(figures)
        if reason or not self.rank_top_percent:
            return reason
        billed = figures.get('billed')
        cutoffs = self.env.context.get('kam_rank_cutoffs')
        cutoff = dict(cutoffs).get(self.id) if cutoffs is not None \
            else self._kam_rank_cutoffs().get(self.id)
        if billed is not None and cutoff is not None and billed > cutoff:
            return self.env._(
                "%(tier)s: within the top %(percent)s %% of key accounts by billed revenue "
                "(%(amount)s a month, above %(cutoff)s)", tier=self.code,
                percent=f"{self.rank_top_percent:g}",
                amount=format_amount(self.env, billed, self.currency_id),
                cutoff=format_amount(self.env, cutoff, self.currency_id))
        return False
