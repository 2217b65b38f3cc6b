from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_input import check_input
from .kam_uscc import check_uscc, duplicate_map, duplicated_ids_sql, normalize_org_name, uscc_holders

CENSUS_TEMPLATE = '/key_account_management/static/xls/kam_census_import_template.csv'
STAGES = [
    ('identified', "Identified"),
    ('contacted', "Contacted"),
    ('qualified', "Qualified"),
    ('converted', "Key Account"),
    ('lost', "Lost"),
]
SIZES = [
    ('micro', "Micro (under 20)"),
    ('small', "Small (20-299)"),
    ('medium', "Medium (300-999)"),
    ('large', "Large (1,000 and more)"),
]
# what a file (建档) holds before it counts as filed
FILING_FIELDS = ('uscc', 'industry_id', 'size', 'city')


class KamCensusEntry(models.Model):
    """An organisation of a grid recorded in the census (集团客户普查): a
    prospect, not (yet) a key account, with its credit code, industry, size,
    address and the competitor that serves it. The grid manager files it
    (建档), takes it from identified through contacted and qualified to a
    key account, or records why it was lost; the filing rate per grid,
    region and tier is what the targets check against."""
    _name = 'kam.census.entry'
    _description = "Census Entry"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.state.guard.mixin']
    _order = 'grid_id, name, id'
    _rec_names_search = ['name', 'uscc']
    _check_company_auto = True

    _kam_draft_state = 'identified'

    # ------------------------------------------------------------
    # Fields: the organisation
    # ------------------------------------------------------------

    name = fields.Char(
        "Organisation", required=True, tracking=True, index='trigram',
        help="Full registered name of the organisation, as on its business licence, "
             "e.g. 杭州西湖文化旅游投资有限公司.")
    name_key = fields.Char(
        "Normalised Name", compute='_compute_name_key', store=True, index='btree_not_null',
        help="The name without brackets, spaces and legal-form suffix (有限公司…): entries "
             "and companies with the same one are possible duplicates.")
    uscc = fields.Char(
        "Credit Code", tracking=True, index='btree_not_null', copy=False,
        help="Unified social credit code (统一社会信用代码): 18 characters, the last one a "
             "check character (GB 32100-2015). Unique in the company among the active "
             "census entries and companies.")
    grid_id = fields.Many2one(
        'kam.grid', required=True, index=True, tracking=True, ondelete='restrict',
        check_company=True,
        help="The grid the organisation lies in; its grid manager follows it up.")
    region_id = fields.Many2one(
        related='grid_id.region_id', store=True, index=True, string="Region",
        help="The region of the grid; its region heads see the entry.")
    grid_manager_id = fields.Many2one(
        related='grid_id.manager_id', store=True, index='btree_not_null', string="Grid Manager",
        help="The manager of the grid, who sees and works on its census.")
    company_id = fields.Many2one(
        related='grid_id.company_id', store=True, index=True, string="Company",
        help="The operator's company of the grid.")
    industry_id = fields.Many2one(
        'kam.industry', index='btree_not_null', tracking=True,
        help="The organisation's industry; strategic industries grade the key account at "
             "least their minimum tier once converted.")
    size = fields.Selection(
        SIZES, tracking=True,
        help="The organisation's size by its headcount.")
    employee_count = fields.Integer(
        "Headcount", help="People employed by the organisation, where known.")
    tier_id = fields.Many2one(
        'kam.tier', index='btree_not_null', tracking=True,
        help="The class of group customer (A/B/C/D) the census gives the organisation; once "
             "converted, the tier the key account was graded.")
    street = fields.Char(help="Street address of the organisation.")
    city = fields.Char(help="City of the organisation, e.g. 杭州.")
    state_id = fields.Many2one(
        'res.country.state', "Province", help="Province of the organisation's address.")
    contact_name = fields.Char(
        "Contact", help="The person we deal with at the organisation, if known.")
    phone = fields.Char(help="The organisation's or the contact's telephone number.")

    # ------------------------------------------------------------
    # Fields: competitor, filing, stage
    # ------------------------------------------------------------

    competitor_id = fields.Many2one(
        'res.partner', "Served By", index='btree_not_null', tracking=True,
        domain=[('is_company', '=', True)],
        help="The other operator that serves the organisation today (empty: none known, or "
             "already ours).")
    competitor_contract_end = fields.Date(
        "Their Contract Ends", tracking=True,
        help="When the organisation's contract with that operator ends, where known: the "
             "conversion opens an opportunity due before it.")
    filing_state = fields.Selection(
        [('unfiled', "Not Filed"), ('filed', "Filed")], "Filing", default='unfiled',
        required=True, tracking=True, index=True, copy=False, readonly=True,
        help="Filed (建档): the organisation's file is complete (credit code, industry, size, "
             "city). Set by the File button or by the conversion.")
    filed_percent = fields.Float(
        "Filing Rate (%)", compute='_compute_filed_percent', store=True, aggregator='avg',
        help="100 for a filed entry, 0 otherwise: averaged over entries it is the filing rate.")
    date_filed = fields.Date("Filed On", readonly=True, copy=False, help="Day the file was completed.")
    state = fields.Selection(
        STAGES, "Stage", default='identified', required=True, tracking=True, index=True,
        copy=False, readonly=True, group_expand=True,
        help="Identified, contacted, qualified, key account or lost; moved by the buttons.")
    lost_reason = fields.Text(
        tracking=True,
        help="Why the organisation will not become our customer; required to mark it lost.")
    partner_id = fields.Many2one(
        'res.partner', index='btree_not_null', readonly=True, copy=False,
        tracking=True,
        help="The partner of this organisation: the key account it became, or the partner "
             "holding the same credit code.")
    lead_id = fields.Many2one(
        'crm.lead', "Opportunity", readonly=True, copy=False,
        groups='sales_team.group_sale_salesman',
        help="The opportunity opened at the conversion to win the organisation from its "
             "operator before the contract ends.")
    date_converted = fields.Date("Converted On", readonly=True, copy=False,
                                 help="Day the organisation became a key account.")
    active = fields.Boolean(default=True, help="Archived entries leave the census and its rates.")
    note = fields.Html(help="What the grid manager learned about the organisation.")
    duplicate_warning = fields.Char(
        compute='_compute_duplicate_warning',
        help="Other census entries or companies with the same credit code or normalised name.")
    has_duplicates = fields.Boolean(
        "Possible Duplicates", compute='_compute_duplicate_warning',
        search='_search_has_duplicates',
        help="Another active entry or company shares the credit code or normalised name.")

    _uscc_company_uniq = models.UniqueIndex(
        "(company_id, uscc) WHERE uscc IS NOT NULL AND active",
        "This credit code is already recorded in the census of the company.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('name')
    def _compute_name_key(self):
        for entry in self:
            entry.name_key = normalize_org_name(entry.name)

    @api.depends('filing_state')
    def _compute_filed_percent(self):
        for entry in self:
            entry.filed_percent = 100.0 if entry.filing_state == 'filed' else 0.0

    @api.depends('name_key', 'uscc', 'partner_id')
    def _compute_duplicate_warning(self):
        found = duplicate_map(self.env, [
            (entry, entry.company_id.id, entry.name_key, entry.uscc, entry._origin.id,
             entry.partner_id.id) for entry in self])
        for entry in self:
            entries, partners = found.get(entry, ((), ()))
            entry.has_duplicates = bool(entries or partners)
            entry.duplicate_warning = entry._kam_duplicate_text(entries, partners) or False

    def _kam_duplicate_text(self, entries, partners):
        """The warning naming what the user may read (the others counted)."""
        if not entries and not partners:
            return ''
        readable = entries.with_env(self.env)._filtered_access('read')
        names = [*readable.mapped('display_name'),
                 *partners.with_env(self.env)._filtered_access('read').mapped('display_name')]
        hidden = len(entries) - len(readable)
        text = self.env._("Possible duplicate of: %s", "、".join(names)) if names else ""
        if hidden:
            text = " ".join(filter(None, [text, self.env._(
                "%s census entries outside your grids share its code or name.", hidden)]))
        return text

    def _search_has_duplicates(self, operator, value):
        if operator != 'in':
            return NotImplemented
        return [('id', 'in', duplicated_ids_sql(self.env, self._table))]

    # ------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------

    @api.constrains('employee_count')
    def _check_employee_count(self):
        if any(entry.employee_count < 0 for entry in self):
            raise ValidationError(self.env._("A headcount cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            if vals.get('filing_state', 'unfiled') != 'unfiled' or vals.get('partner_id'):
                self._kam_check_state_move()
        self._kam_prepare_codes(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals])
        if {'filing_state', 'partner_id', 'date_converted', 'date_filed'} & set(vals):
            self._kam_check_state_move()
        if 'uscc' in vals:
            vals = dict(vals)
            if len(self) > 1 and vals['uscc']:
                raise ValidationError(self.env._("Several organisations cannot share a credit code."))
            self._kam_prepare_codes([vals], self)
        return super().write(vals)

    def _kam_prepare_codes(self, vals_list, records=None):
        """Normalise and check the credit codes of ``vals_list`` (one per
        record of ``records`` when writing): valid, not twice in the batch,
        not held by another active entry of the company; an entry with the
        code of a partner is that partner's entry (linked to it)."""
        default_company = self.env.company.id
        Grid = self.env['kam.grid'].sudo()
        todo = []  # (vals, code, company)
        for index, vals in enumerate(vals_list):
            if 'uscc' not in vals:
                continue
            vals['uscc'] = check_uscc(self.env, vals['uscc'])
            if not vals['uscc']:
                continue
            grid = Grid.browse(vals.get('grid_id'))
            if not vals.get('grid_id') and records is not None:
                grid = records[index].grid_id
            company = grid.company_id.id or default_company
            if any(code == vals['uscc'] and co == company for _v, code, co in todo):
                raise ValidationError(self.env._(
                    "The credit code %s is given to two organisations.", vals['uscc']))
            todo.append((vals, vals['uscc'], company))
        if not todo:
            return
        entries, partners = uscc_holders(
            self.env, [code for _v, code, _c in todo], [co for _v, _c, co in todo])
        if records is not None:
            entries -= records.sudo()
        for vals, code, company in todo:
            if entries.filtered(lambda e, c=code, co=company: e.uscc == c and e.company_id.id == co):
                # the other entry may lie in a grid the caller cannot read: not named
                raise ValidationError(self.env._(
                    "The credit code %s is already recorded in the census: an organisation is "
                    "recorded once.", code))
            partner = partners.filtered(
                lambda p, c=code, co=company: p.kam_uscc == c and p.company_id.id in (False, co))
            if partner:
                vals['partner_id'] = partner[:1].id

    def load(self, fields, data):
        # A census file is taken as a whole, whatever batch size the import
        # screen asks for: a wrong row (a bad credit code, a duplicate, an
        # unknown grid) is named by its line and leaves nothing written.
        if self.env.context.get('import_file'):
            self = self.with_context(_import_limit=None)
        return super().load(fields, data)

    @api.model
    def get_import_templates(self):
        return [{
            'label': self.env._("Import Template for the Census"),
            'template': CENSUS_TEMPLATE,
        }]

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def _kam_stage(self, from_states, label, vals):
        self._kam_check_state(from_states, label)
        return self._kam_move_state(vals)

    def action_contact(self):
        return self._kam_stage(['identified'], self.env._("Marking as contacted"),
                               {'state': 'contacted'})

    def action_qualify(self):
        return self._kam_stage(['identified', 'contacted'], self.env._("Qualifying"),
                               {'state': 'qualified'})

    def action_lose(self):
        missing = self.filtered(lambda e: not (e.lost_reason or '').strip())
        if missing:
            raise UserError(self.env._(
                "Say why %s is lost (Lost Reason) before marking it lost.", missing[0].display_name))
        return self._kam_stage(['identified', 'contacted', 'qualified'],
                               self.env._("Marking as lost"), {'state': 'lost'})

    def action_reopen(self):
        return self._kam_stage(['lost'], self.env._("Reopening"), {'state': 'identified'})

    def action_file(self):
        """Complete the file (建档): refused while the file lacks a part."""
        for entry in self:
            missing = [entry._fields[fname].get_description(self.env)['string']
                       for fname in FILING_FIELDS if not entry[fname]]
            if missing:
                raise UserError(self.env._(
                    "The file of %(entry)s is not complete: fill in %(fields)s.",
                    entry=entry.display_name, fields="、".join(missing)))
        todo = self.filtered(lambda e: e.filing_state != 'filed')
        todo._kam_move_state({'filing_state': 'filed', 'date_filed': fields.Date.context_today(self)})
        return True

    def action_view_partner(self):
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._("%s has no partner yet.", self.display_name))
        return {
            'type': 'ir.actions.act_window', 'res_model': 'res.partner',
            'res_id': self.partner_id.id, 'view_mode': 'form',
        }

    # ------------------------------------------------------------
    # Business: filing rates
    # ------------------------------------------------------------

    @api.model
    def _kam_filing_rates(self, domain, groupby):
        """``{group: (entries, filed, rate in %)}`` of the active entries of
        ``domain`` grouped by ``groupby`` (grid_id, region_id, tier_id…), in
        one query; what the targets compare with their 95 / 80 %."""
        counts = {}
        for group, state, count in self._read_group(
                domain, [groupby, 'filing_state'], ['__count']):
            total, filed = counts.get(group, (0, 0))
            counts[group] = (total + count, filed + (count if state == 'filed' else 0))
        return {group: (total, filed, round(100.0 * filed / total, 1) if total else 0.0)
                for group, (total, filed) in counts.items()}
