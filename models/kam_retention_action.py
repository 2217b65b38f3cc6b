from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamRetentionAction(models.Model):
    """What the account team did to keep the customer (a care visit, an
    event, an offer…), what it cost and what it achieved."""
    _name = 'kam.retention.action'
    _description = "Retention Action"
    _inherit = ['kam.account.access.mixin']
    _order = 'date desc, id desc'

    case_id = fields.Many2one(
        'kam.retention.case', "Retention Case", required=True, index=True, ondelete='cascade',
        help="The case the action belongs to.")
    partner_id = fields.Many2one(
        related='case_id.partner_id', store=True, index=True,
        help="The account of the case; its manager and team work on the action.")
    kind = fields.Selection([
        ('care_visit', "Care Visit"),
        ('event', "Customer Event"),
        ('offer', "Retention Offer"),
        ('service', "Service Improvement"),
        ('executive', "Executive Meeting"),
        ('other', "Other"),
    ], required=True, default='care_visit', help="What kind of retention action it was.")
    date = fields.Date(
        required=True, default=fields.Date.context_today, help="When it took place.")
    name = fields.Char("Description", required=True, help="What was done, in a few words.")
    user_id = fields.Many2one(
        'res.users', "Done By", default=lambda self: self.env.user, domain=[('share', '=', False)],
        help="Who carried it out.")
    currency_id = fields.Many2one(related='case_id.currency_id', help="Currency of the case.")
    cost = fields.Monetary(
        currency_field='currency_id',
        help="What the action cost (gifts, discounts granted, event costs).")
    effect = fields.Selection([
        ('none', "No Effect"),
        ('low', "Low"),
        ('medium', "Medium"),
        ('high', "High"),
    ], help="How much the action helped keep the customer, as the team judges it.")
    evaluation = fields.Text(
        help="Why the effect is judged so; what to do differently next time.")
    company_id = fields.Many2one(related='case_id.company_id', store=True, index=True,
                                 help="Company of the case.")

    @api.model_create_multi
    def create(self, vals_list):
        cases = self.env['kam.retention.case'].browse(
            [vals['case_id'] for vals in vals_list if vals.get('case_id')])
        cases._kam_check_open()
        return super().create(vals_list)

    def write(self, vals):
        self.case_id._kam_check_open()
        if vals.get('case_id'):
            self.case_id.browse(vals['case_id'])._kam_check_open()
        return super().write(vals)

    def unlink(self):
        self.case_id._kam_check_open()
        return super().unlink()

    @api.constrains('cost')
    def _check_cost(self):
        if any(action.cost < 0 for action in self):
            raise ValidationError(self.env._("The cost of a retention action cannot be negative."))
