from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_GREEN_CHANNEL_FACTOR = 0.5


class ResCompany(models.Model):
    _inherit = 'res.company'

    kam_workbook_user_ids = fields.Many2many(
        'res.users', 'kam_workbook_company_user_rel', 'company_id', 'user_id',
        string="Monthly Workbook Recipients", domain=[('share', '=', False)],
        help="Managers who get the key-account management workbook of the month that ended, "
             "by email on the first of each month, made with their own rights.")
    kam_green_channel_factor = fields.Float(
        "Green-Channel SLA Factor", default=DEFAULT_GREEN_CHANNEL_FACTOR, digits=(4, 2),
        help="The hours to accept and to resolve the work orders of a group's key persons "
             "are multiplied by this factor (0.5: half the time); 1 leaves them as the "
             "service level says.")
    kam_department_id = fields.Many2one(
        'hr.department', "Key-Account Department", check_company=False,
        help="The department of the key-account managers: the department appraisal shows its "
             "own work (its work orders within their service level) beside the other "
             "departments', and work orders with no team count as its own.")

    @api.constrains('kam_green_channel_factor')
    def _check_kam_green_channel_factor(self):
        for company in self:
            if not 0 < company.kam_green_channel_factor <= 1:
                raise ValidationError(self.env._(
                    "The green-channel SLA factor must be above 0 and at most 1."))
