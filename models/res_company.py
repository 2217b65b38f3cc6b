from odoo import fields, models


class ResCompany(models.Model):
    _inherit = 'res.company'

    kam_workbook_user_ids = fields.Many2many(
        'res.users', 'kam_workbook_company_user_rel', 'company_id', 'user_id',
        string="Monthly Workbook Recipients", domain=[('share', '=', False)],
        help="Managers who get the key-account management workbook of the month that ended, "
             "by email on the first of each month, made with their own rights.")
