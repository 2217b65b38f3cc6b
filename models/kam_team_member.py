from odoo import api, fields, models

from .kam_input import check_employees


class KamTeamMember(models.Model):
    """A user supporting the account manager on one key account. Only the
    account's manager or a Key Accounts Manager adds or removes members
    (record rules on the denormalised account manager): nobody enrols
    himself on someone else's account.

    The record rules of the account's records read the accounts whose team a
    user serves once per user and keep them with the rules: adding, moving
    or removing a member drops that cache (as a change of groups does)."""
    _name = 'kam.team.member'
    _description = "Key Account Team Member"
    _inherit = ['kam.account.access.mixin']
    _order = 'partner_id, role, id'
    _rec_name = 'user_id'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    partner_id = fields.Many2one(
        'res.partner', "Key Account", required=True, ondelete='cascade', index=True,
        domain=[('is_company', '=', True)],
        help="The key account this user works on. Set by the account's manager or a "
             "Key Accounts Manager.")
    user_id = fields.Many2one(
        'res.users', "Member", required=True, ondelete='cascade', index=True,
        domain=[('share', '=', False)],
        help="The colleague on the account team: they read and change the account's "
             "key-account data, contracts and projects like its manager.")
    role = fields.Selection([
        ('solution_engineer', "Solution Engineer"),
        ('service_manager', "Service Manager"),
        ('delivery_manager', "Delivery Manager"),
        ('technical_support', "Technical Support"),
        ('other', "Other"),
    ], required=True, default='service_manager',
        help="What the member does for the account; informative, it gives no extra rights.")
    note = fields.Char(help="Free text from the account manager, e.g. the member's focus.")

    _partner_user_uniq = models.Constraint(
        'UNIQUE(partner_id, user_id)', "A user is on an account's team only once.")

    @api.constrains('user_id')
    def _check_user_employee(self):
        check_employees(self, 'user_id')

    # ------------------------------------------------------------
    # CRUD: the rules of the account's records know the user's teams
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        self.env.registry.clear_cache()
        return members

    def write(self, vals):
        res = super().write(vals)
        if {'partner_id', 'user_id'} & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
