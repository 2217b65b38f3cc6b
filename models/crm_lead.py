from odoo import fields, models


class CrmLead(models.Model):
    """Opportunities know the key account they are for: the customer's own
    account, or for a company of a group that is not a key account itself,
    the key account just above it (as contracts and work orders do). Stored
    and indexed, so the account, its group, its account plan and marketing
    plans sum their pipeline and won revenue with one ``_read_group``. CRM's
    own rules on leads stay as they are: salespeople keep working on key
    accounts' opportunities as on any customer's."""
    _inherit = ['crm.lead', 'kam.account.access.mixin']
    _name = 'crm.lead'

    kam_account_plan_id = fields.Many2one(
        'kam.account.plan', "Account Plan", index='btree_not_null', tracking=True,
        domain="[('partner_id', '=', kam_account_id)]",
        groups='key_account_management.group_kam_user',
        help="The account plan of the key account this opportunity comes from; the plan "
             "lists its opportunities.")
