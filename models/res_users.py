from odoo import api, fields, models
from odoo.tools import ormcache

from .kam_tools import int_param

DEFAULT_CAPACITY = 50


class ResUsers(models.Model):
    _inherit = 'res.users'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    kam_account_count = fields.Integer(
        "Key Accounts Managed", compute='_compute_kam_account_count',
        help="Key accounts whose account manager is this user.")
    kam_workbook_month = fields.Date(
        "Workbook Mailed For", readonly=True, copy=False, groups='base.group_system',
        help="Month whose management workbook was last mailed to the user: a rerun of the "
             "monthly job does not send it twice.")
    # not kam_team_member_ids: res.users already has that name through its
    # partner (the team of the user's partner as an account)
    kam_team_membership_ids = fields.One2many(
        'kam.team.member', 'user_id', "Team Memberships",
        copy=False, groups='key_account_management.group_kam_user',
        help="The key-account teams this user serves on (besides the accounts he manages); "
             "the record rules let him work on those accounts' contracts, projects and other "
             "records.")
    kam_over_capacity = fields.Boolean(
        "Over Capacity", compute='_compute_kam_account_count',
        help="The user manages more key accounts than the capacity set in the settings.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    def _compute_kam_account_count(self):
        counts = self._kam_account_counts()
        capacity = self._kam_capacity()
        for user in self:
            user.kam_account_count = counts.get(user.id, 0)
            user.kam_over_capacity = user.kam_account_count > capacity

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    @api.model
    def _kam_capacity(self):
        return int_param(self.env, 'key_account_management.manager_capacity',
                         DEFAULT_CAPACITY, minimum=1)

    def _kam_account_counts(self):
        """{user id: key accounts held}; a workload figure, so every account
        counts whoever reads it."""
        if not self.ids:
            return {}
        return {
            manager.id: count
            for manager, count in self.env['res.partner'].sudo()._read_group(
                [('kam_manager_id', 'in', self.ids), ('kam_is_key_account', '=', True)],
                ['kam_manager_id'], ['__count'])
        }

    @api.model
    @ormcache('uid')
    def _kam_served_account_ids(self, uid):
        """Ids of the key accounts whose team ``uid`` serves on (the accounts
        he manages are on each record's own column); cached, dropped with
        the rules when a team changes (kam.team.member)."""
        return frozenset(self.env['kam.team.member'].sudo().search_fetch(
            [('user_id', '=', uid)], ['partner_id']).partner_id.ids)
