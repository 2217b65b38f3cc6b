from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = 'res.config.settings'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    kam_manager_capacity = fields.Integer(
        string="Accounts per Manager",
        config_parameter='key_account_management.manager_capacity',
        default=50,
        help="How many key accounts one account manager can hold before the "
             "workload warning shows.")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('kam_manager_capacity')
    def _check_kam_manager_capacity(self):
        for settings in self:
            if settings.kam_manager_capacity < 1:
                raise ValidationError(
                    self.env._("Accounts per manager must be at least 1."))
