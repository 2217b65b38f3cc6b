from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    """The codes of the public sign-up page and its rate limits."""
    _inherit = 'res.config.settings'

    kam_signup_code_minutes = fields.Integer(
        "Sign-up Code Validity", default=10,
        config_parameter='key_account_management.signup_code_minutes',
        help="Minutes a code texted to an applicant stays valid.")
    kam_signup_code_tries = fields.Integer(
        "Sign-up Code Tries", default=5,
        config_parameter='key_account_management.signup_code_tries',
        help="Wrong codes an applicant may type before he must ask for a new code.")
    kam_signup_number_limit = fields.Integer(
        "Codes per Number per Hour", default=3,
        config_parameter='key_account_management.signup_number_limit',
        help="Codes texted to one mobile number in an hour, at most.")
    kam_signup_address_limit = fields.Integer(
        "Codes per Address per Hour", default=10,
        config_parameter='key_account_management.signup_address_limit',
        help="Codes asked from one internet address in an hour, at most (an office behind "
             "one address counts once).")

    @api.constrains('kam_signup_code_minutes', 'kam_signup_code_tries',
                    'kam_signup_number_limit', 'kam_signup_address_limit')
    def _check_kam_signup(self):
        for settings in self:
            if min(settings.kam_signup_code_minutes, settings.kam_signup_code_tries,
                   settings.kam_signup_number_limit, settings.kam_signup_address_limit) < 1:
                raise ValidationError(self.env._(
                    "The sign-up code validity, tries and limits are at least 1."))
