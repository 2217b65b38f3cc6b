from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamGrid(models.Model):
    """A grid (网格): the smallest unit of the branch structure, a part of a
    region with a grid manager who records every organisation of the grid in
    the census (kam.census.entry) and wins them over. The grid manager sees
    the census of his grids, the region heads those of their regions, the
    department all (record rules on the grid's own ``manager_id`` and
    ``region_id``)."""
    _name = 'kam.grid'
    _description = "Census Grid"
    _inherit = ['mail.thread']
    _order = 'region_id, code, id'
    _rec_names_search = ['name', 'code']
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        "Grid", required=True, tracking=True,
        help="Name of the grid as people call it, e.g. 文三路商圈网格.")
    code = fields.Char(
        required=True, tracking=True, index=True,
        help="Short code of the grid, unique in the company, e.g. HZ-XH-01; imports of the "
             "census may name the grid by it.")
    region_id = fields.Many2one(
        'kam.region', required=True, index=True, tracking=True, ondelete='restrict',
        check_company=True,
        help="The region (usually a district) the grid lies in; its region heads see the "
             "grid's census and the key accounts won from it go to this region.")
    manager_id = fields.Many2one(
        'res.users', "Grid Manager", index='btree_not_null', tracking=True,
        domain=[('share', '=', False)],
        help="The account manager in charge of the grid: he records its organisations, "
             "follows them up and becomes the manager of the key accounts won from it.")
    active = fields.Boolean(
        default=True, tracking=True,
        help="Archived grids are no longer offered for new census entries; their entries stay.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True,
        default=lambda self: self.env.company,
        help="The operator's company the grid belongs to.")
    note = fields.Html(help="Boundaries of the grid, landmarks, what to know about it.")
    entry_ids = fields.One2many(
        'kam.census.entry', 'grid_id', "Census",
        help="The organisations of the grid recorded in the census.")
    entry_count = fields.Integer(
        "Organisations", compute='_compute_filing',
        help="Active census entries of the grid.")
    filed_count = fields.Integer(
        "Filed", compute='_compute_filing',
        help="Census entries of the grid whose file (建档) is complete.")
    filing_rate = fields.Float(
        "Filing Rate (%)", compute='_compute_filing', digits=(16, 1),
        help="Filed entries out of all the active entries of the grid, in percent.")

    _code_company_uniq = models.Constraint(
        'UNIQUE(company_id, code)', "This grid code is already used in the company.")

    # ------------------------------------------------------------
    # Compute and constraints
    # ------------------------------------------------------------

    @api.depends('entry_ids.filing_state', 'entry_ids.active')
    def _compute_filing(self):
        rates = self.env['kam.census.entry']._kam_filing_rates(
            [('grid_id', 'in', self.ids)], 'grid_id') if self.ids else {}
        for grid in self:
            total, filed, rate = rates.get(grid, (0, 0, 0.0))
            grid.entry_count, grid.filed_count, grid.filing_rate = total, filed, rate

    @api.depends('name', 'code')
    def _compute_display_name(self):
        for grid in self:
            grid.display_name = f"[{grid.code}] {grid.name}" if grid.code else grid.name

    @api.constrains('company_id', 'region_id')
    def _check_region_company(self):
        for grid in self:
            if grid.region_id.company_id and grid.region_id.company_id != grid.company_id:
                raise ValidationError(self.env._(
                    "Grid %s lies in a region of another company.", grid.display_name))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_census(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.kam_census_entry_action')
        action['domain'] = [('grid_id', '=', self.id)]
        action['context'] = {'default_grid_id': self.id}
        return action
