from odoo import api, fields, models

from .res_partner import KAM_USER

# address fields whose change looks the region up again (when it is empty)
ADDRESS_FIELDS = ('street', 'street2', 'city', 'state_id', 'zip')


class ResPartner(models.Model):
    """Key accounts in the operator's branch structure: the account's region,
    defaulted from its address, and the region heads' right to change it."""
    _inherit = 'res.partner'

    kam_region_id = fields.Many2one(
        'kam.region', "Region", tracking=True, index='btree_not_null', copy=False,
        groups=KAM_USER,
        help="The branch region (province, city or district) the account belongs to; its "
             "region heads see and manage it. Found from the address when the account is made "
             "a key account or its address changes while the region is empty.")
    kam_in_my_regions = fields.Boolean(
        "In My Regions", compute='_compute_kam_in_my_regions', search='_search_kam_in_my_regions',
        groups=KAM_USER,
        help="The account lies in a region the current user heads or below it.")

    @api.depends('kam_region_id')
    @api.depends_context('uid')
    def _compute_kam_in_my_regions(self):
        heads = self.env.user.sudo().kam_head_region_ids
        for partner in self:
            partner.kam_in_my_regions = heads._kam_contains(partner.kam_region_id)

    def _search_kam_in_my_regions(self, operator, value):
        if operator != 'in':
            return NotImplemented
        return [('kam_region_id', 'child_of', self.env.user.sudo().kam_head_region_ids.ids)]

    @api.model
    def _kam_action_key_accounts(self):
        """The Key Accounts list, opened on what the user's role runs: a
        manager (the head of the department) on every account, a region
        head on the accounts of his regions, an account manager on those he
        manages or serves in the team. The other filters stay one click away."""
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.res_partner_action_key_accounts')
        context = {'default_kam_is_key_account': True, 'default_is_company': True}
        user = self.env.user
        if user.has_group('key_account_management.group_kam_manager'):
            pass
        elif user.has_group('key_account_management.group_kam_region_head') \
                and user.sudo().kam_head_region_ids:
            context['search_default_my_region_accounts'] = 1
        else:
            context['search_default_my_team_accounts'] = 1
        action['context'] = context
        return action

    @api.model
    def _kam_action_my_region_accounts(self):
        """The key accounts, opened on those of the regions the user heads
        (a region head's own list; his team's accounts stay one click away)."""
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.res_partner_action_key_accounts')
        action['context'] = {'default_kam_is_key_account': True, 'default_is_company': True,
                             'search_default_my_region_accounts': 1}
        action['display_name'] = action['name'] = self.env._("Accounts of My Regions")
        return action

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._kam_default_region()
        return partners

    def write(self, vals):
        res = super().write(vals)
        if 'kam_is_key_account' in vals or set(ADDRESS_FIELDS) & set(vals):
            self._kam_default_region()
        return res

    def _kam_default_region(self):
        """Key accounts without a region get the one of their address."""
        Region = self.env['kam.region'].sudo()
        todo = self.sudo().filtered(lambda p: p.kam_is_key_account and not p.kam_region_id)
        # the regions read once per company, one write per region found
        for company, partners in todo.grouped(lambda p: p.company_id or self.env.company).items():
            regions = Region._kam_company_regions(company)
            for region, matched in partners.grouped(
                    lambda p, regions=regions: Region._kam_match_address(p, regions)).items():
                if region:
                    matched.kam_region_id = region

    def _kam_user_may_reassign(self, user):
        # region heads choose the managers of the accounts of their regions
        return super()._kam_user_may_reassign(user) or self._kam_region_head(user)

    def _kam_user_may_change(self, user):
        # region heads change the accounts of their regions and below
        return super()._kam_user_may_change(user) or self._kam_region_head(user)

    def _kam_region_head(self, user):
        """``user`` heads the region of this account or one above it."""
        return (user.has_group('key_account_management.group_kam_region_head')
                and user.sudo().kam_head_region_ids._kam_contains(self.kam_region_id))
