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
    kam_project_warning_days = fields.Integer(
        string="Warn Before Department Work Is Due (Days)",
        config_parameter='key_account_management.project_warning_days',
        default=3,
        help="Owners of department work get an activity this many days before "
             "its expected date, and another once it is overdue.")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('kam_manager_capacity')
    def _check_kam_manager_capacity(self):
        for settings in self:
            if settings.kam_manager_capacity < 1:
                raise ValidationError(
                    self.env._("Accounts per manager must be at least 1."))

    @api.constrains('kam_project_warning_days')
    def _check_kam_project_warning_days(self):
        for settings in self:
            if settings.kam_project_warning_days < 0:
                raise ValidationError(
                    self.env._("Days before department work is due cannot be negative."))
