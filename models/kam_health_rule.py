from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .kam_tools import int_param

DEFAULT_WATCH_BELOW = 75
DEFAULT_RISK_BELOW = 50


def health_thresholds(env):
    """``(watch_below, risk_below)``: an account scoring below the first is
    watched, below the second at risk (settings)."""
    watch = int_param(env, 'key_account_management.health_watch_below', DEFAULT_WATCH_BELOW, 1)
    risk = int_param(env, 'key_account_management.health_risk_below', DEFAULT_RISK_BELOW, 1)
    return min(watch, 100), min(risk, watch)


class KamHealthRule(models.Model):
    """One factor of the health score: what it measures (a method of
    ``res.partner`` named ``_kam_health_<code>``), how many points it may
    take off the account's 100, and its window and threshold. A capability
    adds a factor with one record and one method, without touching the
    others."""
    _name = 'kam.health.rule'
    _description = "Health Factor Rule"
    _order = 'sequence, id'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        "Factor", required=True, translate=True,
        help="Name of the factor as account managers read it.")
    code = fields.Char(
        required=True, readonly=True,
        help="Technical code: the score calls the method _kam_health_<code> of the partners.")
    sequence = fields.Integer(default=10, help="Order of the factors on the account.")
    active = fields.Boolean(
        default=True, help="Archived factors no longer count in the health score.")
    weight = fields.Integer(
        "Weight (Points)", required=True, default=10,
        help="Points (out of 100) the factor takes off the score at its worst; half as many "
             "when it is only half met (e.g. one work order past SLA where the threshold "
             "is two).")
    window_days = fields.Integer(
        "Window (Days)", default=90,
        help="How far back (or, for contracts, ahead) the factor looks, in days.")
    threshold = fields.Float(
        default=0.0,
        help="The level at which the factor counts fully: a number of work orders, a "
             "decline in percent or a satisfaction out of 5, as the description says.")
    description = fields.Text(
        translate=True,
        help="What the factor measures and how its window and threshold are read.")
    company_id = fields.Many2one(
        'res.company', index='btree_not_null',
        help="Leave empty to use the factor in every company; with a company, only the "
             "accounts of that company are scored on it.")

    _code_uniq = models.Constraint('UNIQUE(code)', "A health factor code must be unique.")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('code')
    def _check_code(self):
        Partner = self.env['res.partner']
        for rule in self:
            if not hasattr(Partner, f'_kam_health_{rule.code}'):
                raise ValidationError(self.env._(
                    "The factor %(factor)s has the code %(code)s, which no health measure "
                    "implements: use the code of an existing factor.",
                    factor=rule.name, code=rule.code))

    @api.constrains('weight', 'window_days', 'threshold', 'active')
    def _check_weights(self):
        for rule in self:
            if not 0 <= rule.weight <= 100:
                raise ValidationError(self.env._(
                    "The weight of the factor %(factor)s must be between 0 and 100 points.",
                    factor=rule.name))
            if rule.window_days < 0 or rule.threshold < 0:
                raise ValidationError(self.env._(
                    "The window and the threshold of the factor %(factor)s cannot be negative.",
                    factor=rule.name))

    def write(self, vals):
        res = super().write(vals)
        if {'weight', 'active', 'company_id'} & set(vals):
            # a new factor only adds points: lowering or archiving may not
            # leave the early warning out of reach
            self._kam_check_total_weight()
        return res

    def unlink(self):
        res = super().unlink()
        self._kam_check_total_weight()
        return res

    def _kam_check_total_weight(self):
        """In every company, its factors and the shared ones together must
        be able to bring an account below the at-risk line, or the early
        warning could never fire there."""
        if self.env.context.get(MODULE_UNINSTALL_FLAG):
            return
        risk = health_thresholds(self.env)[1]
        needed = 100 - risk + 1
        for company, total in self._kam_company_totals().items():
            if total >= needed:
                continue
            if company in self.env.user.company_ids:
                raise ValidationError(self.env._(
                    "With these weights an account of %(company)s loses at most %(total)s "
                    "points and never scores below %(risk)s: the early warning could never "
                    "fire. Give its factors and the shared ones at least %(needed)s points "
                    "in all.", company=company.name, total=total, risk=risk, needed=needed))
            raise ValidationError(self.env._(
                "With these weights an account loses at most %(total)s points and never "
                "scores below %(risk)s: the early warning could never fire. Give the factors "
                "at least %(needed)s points in all.",
                total=total, risk=risk, needed=needed))

    @api.model
    def _kam_company_totals(self):
        """``{company: points}``: what the active factors of each company
        (its own and the shared ones) can take off an account at most."""
        rules = self.sudo().search([])
        shared = sum(rules.filtered(lambda r: not r.company_id).mapped('weight'))
        return {company: shared + sum(rules.filtered(lambda r, company=company: r.company_id == company)
                                      .mapped('weight'))
                for company in self.env['res.company'].sudo().search([])}

    @api.model
    def _kam_company_rules(self, company):
        """The active factors that score the accounts of ``company``: its
        own and the shared ones, whoever runs the score."""
        return self.sudo().search([('company_id', 'in', [False, company.id])])

    # ------------------------------------------------------------
    # Scoring
    # ------------------------------------------------------------

    def _kam_evaluate(self, accounts, today):
        """``[(rule, {partner_id: (severity, value, sentence)})]`` of these
        rules on ``accounts``: each rule's method runs once for the whole
        chunk."""
        return [(rule, getattr(accounts, f'_kam_health_{rule.code}')(rule, today))
                for rule in self if hasattr(accounts, f'_kam_health_{rule.code}')]
