from odoo import api, fields, models
from odoo.exceptions import ValidationError

LEVELS = [('province', "Province"), ('city', "City"), ('district', "District")]
LEVEL_RANK = {key: rank for rank, (key, _label) in enumerate(LEVELS)}


def _city_key(name):
    """杭州市 and 杭州 are the same city in an address."""
    name = (name or '').strip()
    return name[:-1] if len(name) > 1 and name.endswith('市') else name


class KamRegion(models.Model):
    """The branch structure of the operator: provinces, their cities and the
    cities' districts. Key accounts belong to a region; its heads see and
    manage the accounts of the region and of every region below it (record
    rules on the records' own ``kam_account_region_id`` among the user's
    regions in charge, found through ``parent_path``).

    The rules read the user's head regions once and keep them: a change of
    heads or of the tree drops the cached rules (as a team change does)."""
    _name = 'kam.region'
    _description = "Key Account Region"
    _inherit = ['kam.account.count.mixin']
    _parent_name = 'parent_id'
    _parent_store = True
    _rec_name = 'complete_name'
    _order = 'complete_name, id'

    _kam_partner_field = 'kam_region_id'

    name = fields.Char(
        "Region", required=True,
        help="Name of the province, city or district, as written in addresses, e.g. 西湖区.")
    complete_name = fields.Char(
        "Full Name", compute='_compute_complete_name', recursive=True, store=True,
        help="The region with the regions above it, e.g. 浙江省 / 杭州市 / 西湖区.")
    parent_id = fields.Many2one(
        'kam.region', "Parent Region", index=True, ondelete='restrict',
        domain="[('id', '!=', id)]",
        help="The region this one belongs to: the province of a city, the city of a district.")
    parent_path = fields.Char(
        index=True, help="Ids of the region and of the regions above it; maintained by Odoo.")
    child_ids = fields.One2many(
        'kam.region', 'parent_id', "Sub-regions",
        help="The cities of a province, the districts of a city.")
    level = fields.Selection(
        LEVELS, required=True, default='city',
        help="Province, city or district. A district belongs to a city, a city to a province "
             "(if any); a province has no parent region.")
    state_id = fields.Many2one(
        'res.country.state', "State / Province",
        help="For a province: the state of partner addresses that belong to it.")
    city = fields.Char(
        "City in Addresses",
        help="For a city: the city of partner addresses that belong to it, e.g. 杭州 "
             "(empty: the region's name).")
    head_user_ids = fields.Many2many(
        'res.users', 'kam_region_head_rel', 'region_id', 'user_id', "Region Heads",
        domain=[('share', '=', False)],
        help="Region heads (group Key Accounts / Region Head) see and manage the key accounts "
             "of this region and of the regions below it, with their contracts, projects and "
             "other records.")
    user_ids = fields.Many2many(
        'res.users', 'kam_region_user_rel', 'region_id', 'user_id', "Account Managers",
        domain=[('share', '=', False)],
        help="The account managers working in this region; informative, it gives no rights.")
    active = fields.Boolean(
        default=True,
        help="Archived regions are no longer offered for accounts; their accounts keep them.")
    company_id = fields.Many2one(
        'res.company', default=lambda self: self.env.company, index=True,
        help="The operator's company whose branch structure this region is part of.")

    # ------------------------------------------------------------
    # Compute and constraints
    # ------------------------------------------------------------

    @api.depends('name', 'parent_id.complete_name')
    def _compute_complete_name(self):
        for region in self:
            region.complete_name = (
                f"{region.parent_id.complete_name} / {region.name}" if region.parent_id
                else region.name)

    @api.constrains('parent_id', 'level')
    def _check_level(self):
        for region in self:
            if region.level == 'district' and not region.parent_id:
                raise ValidationError(self.env._("A district belongs to a city: set its parent region."))
            if region.parent_id and LEVEL_RANK[region.parent_id.level] != LEVEL_RANK[region.level] - 1:
                raise ValidationError(self.env._(
                    "A region lies inside a region one level up: a city in a province, a "
                    "district in a city; a province has no parent region."))

    # ------------------------------------------------------------
    # CRUD: the record rules know the user's head regions and the tree
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        regions = super().create(vals_list)
        self._kam_drop_rule_cache()
        return regions

    def write(self, vals):
        if vals.get('parent_id') and self.sudo().with_context(active_test=False).search_count(
                [('id', 'child_of', self.ids), ('id', '=', vals['parent_id'])], limit=1):
            raise ValidationError(self.env._("A region cannot lie inside itself."))
        res = super().write(vals)
        if {'parent_id', 'head_user_ids'} & set(vals):
            self._kam_drop_rule_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self._kam_drop_rule_cache()
        return res

    @api.model
    def _kam_drop_rule_cache(self):
        """The rules keep each head's regions in charge: recompute them."""
        self.env['res.users'].invalidate_model(['kam_head_region_tree_ids'])
        self.env.registry.clear_cache()

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    @api.model
    def _kam_company_regions(self, company):
        """The regions an address of ``company`` may lie in: its own and shared ones."""
        return self.search([('company_id', 'in', [False, company.id])])

    @api.model
    def _kam_match_address(self, partner, regions=None):
        """The most precise region of ``partner``'s address: a district named
        in its street of a city matching its city, else that city, else the
        province of its state; empty when none matches. Among ``regions``,
        by default those of the partner's company (or of the current one)."""
        if regions is None:
            regions = self._kam_company_regions(partner.company_id or self.env.company)
        city = _city_key(partner.city)
        # a sign-up application has one street line
        street2 = partner.street2 if 'street2' in partner._fields else ''
        street = f"{partner.street or ''} {street2 or ''}"
        cities = regions.filtered(
            lambda r: r.level == 'city' and city and _city_key(r.city or r.name) == city
            and (not partner.state_id or not r.parent_id.state_id
                 or r.parent_id.state_id == partner.state_id))
        districts = regions.filtered(
            lambda r: r.level == 'district' and r.parent_id in cities and r.name in street)
        provinces = regions.filtered(
            lambda r: r.level == 'province' and partner.state_id and r.state_id == partner.state_id)
        return (districts or cities or provinces)[:1]

    def _kam_contains(self, region):
        """``region`` is one of these regions or lies below one of them."""
        return bool(region) and any(
            region.parent_path.startswith(head.parent_path) for head in self)
