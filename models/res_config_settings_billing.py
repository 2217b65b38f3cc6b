from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner_billing import ARREARS_DAYS_DEFAULT, ARREARS_DAYS_PARAM, TIER_MONTHS_DEFAULT, TIER_MONTHS_PARAM


class ResConfigSettings(models.TransientModel):
    """The billing figures' settings: months averaged for the tiers, days
    overdue that put an account in arrears."""
    _inherit = 'res.config.settings'

    kam_billing_tier_months = fields.Integer(
        string="Billed Months for Tiers", config_parameter=TIER_MONTHS_PARAM,
        default=TIER_MONTHS_DEFAULT,
        help="The tier rules read the average monthly revenue billed over this many complete "
             "months, for accounts with billing.")
    kam_billing_arrears_days = fields.Integer(
        string="Arrears After (Days)", config_parameter=ARREARS_DAYS_PARAM,
        default=ARREARS_DAYS_DEFAULT,
        help="An account overdue for more days than this is flagged in arrears and its manager "
             "gets an activity (as is one overdue above its credit limit).")

    @api.constrains('kam_billing_tier_months', 'kam_billing_arrears_days')
    def _check_kam_billing_settings(self):
        for settings in self:
            if not 1 <= settings.kam_billing_tier_months <= 24 or settings.kam_billing_arrears_days < 0:
                raise ValidationError(self.env._(
                    "Average the billing over 1 to 24 months, and give the arrears days as a "
                    "number of days (0 or more)."))
