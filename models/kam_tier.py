from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount, formatLang


class KamTier(models.Model):
    """A/B/C/D grade of a key account and the rule that earns it.

    An account gets the first tier (by sequence) whose rule it matches: enough
    handsets, or enough monthly revenue (in the company's currency), or (where
    the tier lets them in) a top-500 taxpayer, or an industry whose minimum
    tier it is. The last tier has no threshold and takes the rest. A group
    customer is graded on its group's handsets and revenue (its own industry
    and top-500 flag); the key accounts below it take its tier.
    """
    _name = 'kam.tier'
    _description = "Key Account Tier"
    _inherit = ['kam.account.count.mixin']
    _order = 'sequence, id'
    _kam_partner_field = 'kam_tier_id'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    code = fields.Char(
        required=True, size=8,
        help="Short code of the tier (A, B, C, D), used in reasons and reports; unique.")
    name = fields.Char(
        "Tier", required=True, translate=True,
        help="Name of the tier shown to users.")
    sequence = fields.Integer(default=10, help="Higher tiers come first.")
    active = fields.Boolean(
        default=True,
        help="Archived tiers are no longer given by the classification.")
    color = fields.Integer(help="Colour of the tier's tag and kanban column.")
    description = fields.Text(
        translate=True,
        help="What the tier means for the account's service.")
    currency_id = fields.Many2one(
        'res.currency', compute='_compute_currency_id',
        help="Revenue thresholds are in the currency of the current company.")
    min_handset_count = fields.Integer(
        "Minimum Handsets", help="Accounts with at least this many handsets or lines qualify.")
    min_monthly_revenue = fields.Monetary(
        "Minimum Monthly Revenue",
        help="Accounts spending at least this much a month qualify (0: revenue is not a "
             "criterion): the billed monthly average of the last months (setting) for accounts "
             "with billing, the typed monthly revenue for the others.")
    top_taxpayer_qualifies = fields.Boolean(
        "Top-500 Taxpayers Qualify",
        help="Accounts flagged as one of the province's top-500 taxpayers qualify whatever "
             "their size.")
    industry_ids = fields.One2many(
        'kam.industry', 'min_tier_id', "Industries Qualify",
        help="Industries whose accounts get at least this tier, whatever their size.")
    visit_frequency_days = fields.Integer(
        "Visit Every (days)", default=90,
        help="How often the account manager is expected to visit an account of this tier.")
    retention_response_days = fields.Integer(
        "Respond to Risk Within (days)", default=7,
        help="When an account of this tier falls at risk, its retention case asks its owner "
             "to act within this many days.")
    sla_factor = fields.Float(
        "SLA Factor", default=1.0, digits=(4, 2),
        help="Multiplies the service-request deadlines: 0.5 halves them for this tier.")
    required_completeness = fields.Float(
        "Required Archive Completeness (%)", default=80.0,
        help="Share of the profile fields that must be filled for accounts of this tier.")
    decision_map_required = fields.Boolean(
        help="Warn when an account of this tier has no known decision maker or no champion.")

    _code_uniq = models.Constraint('UNIQUE(code)', "A tier code must be unique.")
    _min_handset_count_positive = models.Constraint(
        'CHECK(min_handset_count >= 0)', "The minimum handsets of a tier cannot be negative.")
    _min_monthly_revenue_positive = models.Constraint(
        'CHECK(min_monthly_revenue >= 0)', "The minimum monthly revenue of a tier cannot be negative.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends_context('company')
    def _compute_currency_id(self):
        self.currency_id = self.env.company.currency_id

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('visit_frequency_days', 'sla_factor', 'required_completeness',
                    'retention_response_days')
    def _check_values(self):
        for tier in self:
            if tier.visit_frequency_days < 0 or tier.sla_factor <= 0 \
                    or tier.retention_response_days < 0:
                raise ValidationError(self.env._(
                    "Tier %s: the visit frequency and the retention response days cannot be "
                    "negative and the SLA factor must be above zero.", tier.display_name))
            if not 0 <= tier.required_completeness <= 100:
                raise ValidationError(self.env._(
                    "Tier %s: the required archive completeness is a percentage "
                    "between 0 and 100.", tier.display_name))

    @api.constrains('sequence', 'min_handset_count', 'min_monthly_revenue', 'active')
    def _check_thresholds_order(self):
        """A higher tier must ask for at least as much as the one below it,
        and more on one criterion: otherwise the lower tier is unreachable."""
        tiers = self.search([])
        for higher, lower in zip(tiers, tiers[1:]):
            asks_less = (higher.min_handset_count < lower.min_handset_count
                         or higher.currency_id.compare_amounts(
                             higher.min_monthly_revenue, lower.min_monthly_revenue) < 0)
            same = (higher.min_handset_count == lower.min_handset_count
                    and not higher.currency_id.compare_amounts(
                        higher.min_monthly_revenue, lower.min_monthly_revenue))
            if asks_less or same:
                raise ValidationError(self.env._(
                    "Tier %(higher)s comes before tier %(lower)s but does not ask for more "
                    "handsets and revenue (%(higher)s: %(hh)s handsets, %(hr)s; %(lower)s: "
                    "%(lh)s handsets, %(lr)s). Raise %(higher)s's thresholds or reorder the tiers.",
                    higher=higher.display_name, lower=lower.display_name,
                    hh=higher.min_handset_count, lh=lower.min_handset_count,
                    hr=format_amount(self.env, higher.min_monthly_revenue, higher.currency_id),
                    lr=format_amount(self.env, lower.min_monthly_revenue, lower.currency_id)))

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _kam_grade(self, account):
        """(tier, reason) of ``account`` among the tiers of ``self``: the
        tier set by hand when it is locked, else the first tier its figures
        match."""
        if account.kam_tier_locked and account.kam_tier_id:
            return account.kam_tier_id, self.env._("set by hand")
        return self._kam_match(account._kam_tier_figures())

    def _kam_match(self, figures):
        """Return (tier, reason) for the first tier of ``self`` whose rule
        the figures match (``res.partner._kam_tier_figures``: an account's
        own, or a group customer's summed over its group); ``self`` is
        ordered, highest tier first."""
        for tier in self:
            reason = tier._kam_rule_reason(figures)
            if reason:
                return tier, reason
        return self.browse(), False

    def _kam_rule_reason(self, figures):
        """The reason, naming the rule, why the figures earn this tier, in
        the language of ``self.env``; False when they do not."""
        self.ensure_one()
        handsets, revenue, group = figures['handsets'], figures['revenue'], figures['group']
        if self.min_handset_count and handsets >= self.min_handset_count:
            count = formatLang(self.env, handsets, digits=0)
            minimum = formatLang(self.env, self.min_handset_count, digits=0)
            if group:
                return self.env._("%(tier)s: %(count)s handsets in the group ≥ %(min)s",
                                  tier=self.code, count=count, min=minimum)
            return self.env._("%(tier)s: %(count)s handsets ≥ %(min)s",
                              tier=self.code, count=count, min=minimum)
        if self.min_monthly_revenue and self.currency_id.compare_amounts(
                revenue, self.min_monthly_revenue) >= 0:
            amount = format_amount(self.env, revenue, self.currency_id)
            minimum = format_amount(self.env, self.min_monthly_revenue, self.currency_id)
            if group:
                return self.env._("%(tier)s: group monthly revenue %(amount)s ≥ %(min)s",
                                  tier=self.code, amount=amount, min=minimum)
            if figures.get('billed_months'):
                return self.env._(
                    "%(tier)s: billed revenue %(amount)s a month (average of %(months)s "
                    "months) ≥ %(min)s", tier=self.code, months=figures['billed_months'],
                    amount=amount, min=minimum)
            return self.env._("%(tier)s: monthly revenue %(amount)s ≥ %(min)s",
                              tier=self.code, amount=amount, min=minimum)
        if self.top_taxpayer_qualifies and figures['top_taxpayer']:
            return self.env._("%(tier)s: one of the province's top-500 taxpayers", tier=self.code)
        industry = figures['industry']
        min_tier = industry.min_tier_id
        if min_tier and (min_tier.sequence, min_tier.id) <= (self.sequence, self.id):
            return self.env._("%(tier)s: industry %(industry)s is graded %(min)s at least",
                              tier=self.code, min=min_tier.code,
                              industry=industry.with_env(self.env).name)
        if not self.min_handset_count and not self.min_monthly_revenue:
            count = formatLang(self.env, handsets, digits=0)
            if group:
                return self.env._("%(tier)s: below the thresholds of every higher tier "
                                  "(%(count)s handsets in the group)", tier=self.code, count=count)
            return self.env._("%(tier)s: below the thresholds of every higher tier "
                              "(%(count)s handsets)", tier=self.code, count=count)
        return False
