from odoo import api, fields, models


class CrmLead(models.Model):
    """Opportunities know the key account they are for: the customer's own
    account, or for a company of a group that is not a key account itself,
    the key account just above it (as contracts and work orders do). Stored
    and indexed, so the account, its group, its account plan and marketing
    plans sum their pipeline and won revenue with one ``_read_group``. Only
    the account is kept (not its manager and team, which the records with
    record rules carry): CRM's own rules on leads stay as they are, and
    salespeople keep working on key accounts' opportunities as on any
    customer's."""
    _inherit = 'crm.lead'

    kam_account_id = fields.Many2one(
        'res.partner', "Serving Key Account", compute='_compute_kam_account_id', store=True,
        index='btree_not_null', groups='base.group_user',
        help="The key account this opportunity is for: its customer's own account, or for a "
             "company of a group that is not a key account itself, the key account just "
             "above it; kept in sync with the customer.")
    kam_account_plan_id = fields.Many2one(
        'kam.account.plan', "Account Plan", index='btree_not_null', tracking=True,
        domain="[('partner_id', '=', kam_account_id)]",
        copy=False, groups='key_account_management.group_kam_user',
        help="The account plan of the key account this opportunity comes from; the plan "
             "lists its opportunities.")

    @api.depends('partner_id.commercial_partner_id.kam_is_key_account',
                 'partner_id.commercial_partner_id.parent_id.kam_is_key_account')
    def _compute_kam_account_id(self):
        # whose account it is, whatever the writer may read
        for lead, lead_sudo in zip(self, self.sudo()):
            partner = lead_sudo.partner_id
            lead.kam_account_id = partner._kam_serving_account() if partner else False

    @api.model_create_multi
    def create(self, vals_list):
        # computed from the customer, never taken from the caller
        for vals in vals_list:
            vals.pop('kam_account_id', None)
        return super().create(vals_list)

    def write(self, vals):
        if 'kam_account_id' in vals:
            vals = {key: value for key, value in vals.items() if key != 'kam_account_id'}
        return super().write(vals)
