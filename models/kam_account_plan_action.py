from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamAccountPlanAction(models.Model):
    """Step 5 of the plan, the phased measures: an action, who does it and
    by when. When the plan is approved each open action becomes an activity
    of its owner, once."""
    _name = 'kam.account.plan.action'
    _description = "Account Plan Action"
    _inherit = ['kam.account.plan.line.mixin']
    _order = 'plan_id, date_due, sequence, id'

    name = fields.Char("Action", required=True, help="What is to be done, in a few words.")
    user_id = fields.Many2one(
        'res.users', "Owner", domain=[('share', '=', False)],
        default=lambda self: self.env.user,
        help="Who carries the action out; gets an activity when the plan is approved.")
    date_due = fields.Date(
        "Due Date", required=True, help="By when it is to be done; within the plan's period.")
    status = fields.Selection([
        ('todo', "To Do"),
        ('done', "Done"),
        ('cancelled', "Cancelled"),
    ], required=True, default='todo', help="Where the action stands.")
    activity_id = fields.Many2one(
        'mail.activity', readonly=True, copy=False, ondelete='set null',
        help="The activity given to the owner when the plan was approved.")
    activity_scheduled = fields.Boolean(
        "Activity Given", readonly=True, copy=False,
        help="Set once the owner got an activity for this action: never a second one.")

    @api.constrains('date_due', 'plan_id')
    def _check_date_due(self):
        for action in self:
            plan = action.plan_id
            if plan.date_start and not plan.date_start <= action.date_due <= plan.date_end:
                raise ValidationError(self.env._(
                    "An action of the plan is due within its period (%(start)s to %(end)s).",
                    start=plan.date_start, end=plan.date_end))
