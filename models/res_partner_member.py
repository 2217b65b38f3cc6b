from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .kam_tools import SubtreeRows, subtree_sums
from .res_partner import KAM_USER

# members who hold a line of the group: removed ones have left it
ENROLLED_STATES = ('active', 'suspended')


class ResPartner(models.Model):
    """Group members of an account: counts on the account and over its group,
    the member coverage of its headcount, and the contacts who administer
    their group's members from the portal."""
    _inherit = 'res.partner'

    kam_member_count = fields.Integer(
        "Members", compute='_compute_kam_members', groups=KAM_USER,
        help="Group members of this company that you can open (active and suspended; "
             "removed and archived ones left out).")
    kam_group_member_count = fields.Integer(
        "Group Members", compute='_compute_kam_members', groups=KAM_USER,
        help="Group members of this company and every company below it that you can open "
             "(active and suspended).")
    kam_member_coverage = fields.Float(
        "Member Coverage (%)", compute='_compute_kam_members', digits=(5, 1), groups=KAM_USER,
        aggregator=False,
        help="Group members of this company and every company below it, in percent of "
             "their headcount (Group Employees): a total, including the members you cannot "
             "open; 0 while no headcount is known.")
    kam_portal_group_admin = fields.Boolean(
        "Group Administrator (portal)", copy=False,
        help="This contact's portal user may raise member changes for the members of "
             "their company and of every company below it (at the group's top: the whole "
             "group). Other portal users only for their own company. Set by Key Accounts "
             "users.")

    @api.depends_context('uid')
    def _compute_kam_members(self):
        """Grouped reads of the members of every group involved (all of them
        for the coverage, those the user can open for the counts, as the
        smart button's list shows them); each company then sums the rows of
        its own group below its path."""
        companies = self.filtered(lambda p: p.is_company and p.kam_group_path and p._origin)
        totals, visible = defaultdict(SubtreeRows), defaultdict(SubtreeRows)
        if companies:
            Member = self.env['kam.member']
            domain = [('group_id', 'in', companies.kam_group_id.ids),
                      ('state', 'in', ENROLLED_STATES)]
            groupby = ['group_id', 'partner_id', 'partner_id.kam_group_path']
            # plain tuples by group: a company walks its own group's rows only
            for group, company, path, count in Member.sudo()._read_group(
                    domain, groupby, ['__count']):
                totals[group.id].append((company.id, path or '', count))
            if self.env.su:
                visible = totals  # the superuser (a job) opens every member
            elif Member.has_access('read'):
                for group, company, path, count in Member._read_group(
                        domain, groupby, ['__count']):
                    visible[group.id].append((company.id, path or '', count))

        for partner in self:
            pid = partner._origin.id
            prefix = pid and partner.kam_group_path
            if not prefix:
                partner.kam_member_count = partner.kam_group_member_count = 0
                partner.kam_member_coverage = 0.0
                continue
            group_id = partner.kam_group_id.id
            partner.kam_member_count, partner.kam_group_member_count = subtree_sums(
                visible[group_id], pid, prefix)
            members = subtree_sums(totals[group_id], pid, prefix)[1]
            headcount = partner.kam_group_employee_count
            partner.kam_member_coverage = 100.0 * members / headcount if headcount else 0.0

    # ------------------------------------------------------------
    # Group administrators: set by Key Accounts users only
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get('kam_portal_group_admin') for vals in vals_list):
            self._kam_check_group_admin_writer()
        return super().create(vals_list)

    def write(self, vals):
        if 'kam_portal_group_admin' in vals:
            self._kam_check_group_admin_writer()
        return super().write(vals)

    def _kam_check_group_admin_writer(self):
        if not self.env.su and not self.env.user.has_group(KAM_USER):
            raise AccessError(self.env._(
                "Only Key Accounts users decide who administers a group's members in the "
                "portal."))

    def action_kam_view_members(self):
        return self._kam_action('kam_member_action', [('partner_id', 'child_of', self.id)],
                                {'default_partner_id': self.id, 'search_default_enrolled': 1})
