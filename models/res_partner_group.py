from odoo import api, fields, models

from .res_partner import KAM_USER


class ResPartner(models.Model):
    """Group customers: subsidiaries under a parent company, the group and its rollups."""
    _inherit = 'res.partner'

    # ------------------------------------------------------------
    # Fields: group hierarchy
    # ------------------------------------------------------------

    kam_group_path = fields.Char(
        "Group Path", compute='_compute_kam_group', store=True, recursive=True, index=True,
        help="Technical: the ids of the companies from the group's top down to this one, "
             "kept from the parent companies; lets a whole subtree be found with one prefix.")
    kam_group_id = fields.Many2one(
        'res.partner', "Group Customer", compute='_compute_kam_group', store=True,
        recursive=True, index='btree_not_null',
        help="The top company of this account's chain of parent companies; computed "
             "from the Parent Company fields.")
    kam_group_depth = fields.Integer(
        "Group Level", compute='_compute_kam_group', store=True, recursive=True,
        help="0 for the group's top company, 1 for its subsidiaries, and so on down.")
    kam_subsidiary_ids = fields.One2many(
        'res.partner', 'parent_id', "Subsidiaries", domain=[('is_company', '=', True)],
        help="Companies whose Parent Company is this one (one level down).")
    kam_subsidiary_count = fields.Integer(
        "Subsidiary Count", compute='_compute_kam_rollups', groups=KAM_USER,
        help="Companies below this one in its group, at any depth; computed.")
    kam_group_handset_count = fields.Integer(
        "Group Handsets", compute='_compute_kam_rollups', groups=KAM_USER,
        help="Handsets / lines of this company and every company below it; computed from "
             "their own figures, whoever manages them.")
    kam_group_employee_count = fields.Integer(
        "Group Employees", compute='_compute_kam_rollups', groups=KAM_USER,
        help="Headcount of this company and every company below it; computed.")
    kam_group_monthly_revenue = fields.Monetary(
        "Group Monthly Revenue", currency_field='kam_currency_id', compute='_compute_kam_rollups',
        groups=KAM_USER,
        help="Monthly revenue of this company and every company below it, in the account's "
             "currency; computed.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('is_company', 'parent_id.is_company', 'parent_id.kam_group_path')
    def _compute_kam_group(self):
        for partner in self:
            parent_path = partner.parent_id.kam_group_path or ''
            if partner.is_company:
                node = partner._origin.id or partner.id
                path = f"{parent_path if partner.parent_id.is_company else ''}{node}/"
            else:
                path = parent_path or False
            partner.kam_group_path = path
            if path:
                nodes = path.rstrip('/').split('/')
                partner.kam_group_id = int(nodes[0]) if nodes[0].isdigit() else partner
                partner.kam_group_depth = len(nodes) - 1
            else:
                partner.kam_group_id = False
                partner.kam_group_depth = 0

    @api.depends('kam_group_path')
    def _compute_kam_rollups(self):
        """Sum handsets, revenue and headcount over each company and everything
        below it, with one grouped read over the groups involved."""
        companies = self.filtered(lambda p: p.is_company and p.kam_group_path and p._origin)
        totals = {}
        if companies:
            # Totals only: the user reads the account, the sums of its group
            # come with it even where a subsidiary is outside their rules.
            rows = self.sudo()._read_group(
                [('kam_group_id', 'in', companies.kam_group_id.ids), ('is_company', '=', True)],
                ['kam_group_path'],
                ['kam_handset_count:sum', 'kam_employee_count:sum',
                 'kam_monthly_revenue:sum', '__count'])
            for partner in companies:
                prefix = partner.kam_group_path
                sums = [0, 0, 0.0, 0]
                for path, handsets, employees, revenue, count in rows:
                    if path.startswith(prefix):
                        sums[0] += handsets
                        sums[1] += employees
                        sums[2] += revenue
                        sums[3] += count
                totals[partner.id] = sums
        for partner in self:
            handsets, employees, revenue, count = totals.get(
                partner._origin.id, (partner.kam_handset_count, partner.kam_employee_count,
                                     partner.kam_monthly_revenue, 1))
            partner.kam_group_handset_count = handsets
            partner.kam_group_employee_count = employees
            partner.kam_group_monthly_revenue = revenue
            partner.kam_subsidiary_count = max(count - 1, 0)

    # ------------------------------------------------------------
    # Address sync: a subsidiary keeps its own address
    # ------------------------------------------------------------

    def _fields_sync(self, values):
        # A subsidiary is a company of its own: its address is neither taken
        # from nor pushed up to its group; its own contacts still follow it.
        if self.is_company and self.parent_id:
            return self._children_sync(values)
        return super()._fields_sync(values)

    def _update_address(self, vals):
        return super(ResPartner, self.filtered(
            lambda p: not (p.is_company and p.parent_id)))._update_address(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_kam_view_subsidiaries(self):
        return self._kam_action(
            'res_partner_action_group_hierarchy',
            [('kam_group_path', '=like', f"{self.kam_group_path}%"), ('is_company', '=', True)],
            {'hierarchy_res_id': self.id, 'default_parent_id': self.id, 'default_is_company': True})
