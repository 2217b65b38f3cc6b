from odoo import api, fields, models
from odoo.tools import SQL
from odoo.exceptions import ValidationError

# Profile fields whose share filled makes an account's archive completeness.
KAM_PROFILE_FIELDS = (
    'kam_industry_id', 'kam_manager_id', 'kam_employee_count', 'kam_handset_count',
    'kam_monthly_revenue', 'kam_customer_since', 'vat', 'phone', 'street', 'city',
)


class ResPartner(models.Model):
    """Key accounts on partners: the flag, manager, team, profile and archive completeness."""
    _inherit = 'res.partner'

    # ------------------------------------------------------------
    # Fields: key account
    # ------------------------------------------------------------

    kam_is_key_account = fields.Boolean(
        "Key Account", tracking=True, index=True, copy=False,
        help="Managed one-to-one by the key-account department.")
    kam_manager_id = fields.Many2one(
        'res.users', "Account Manager", tracking=True, index='btree_not_null',
        domain=[('share', '=', False)], copy=False)
    kam_team_member_ids = fields.One2many(
        'kam.team.member', 'partner_id', "Account Team", copy=False)
    kam_industry_id = fields.Many2one(
        'kam.industry', "Industry (KAM)", tracking=True, index='btree_not_null')
    kam_is_strategic = fields.Boolean(related='kam_industry_id.is_strategic', string="Strategic")
    kam_employee_count = fields.Integer("Headcount")
    kam_handset_count = fields.Integer("Handsets / Lines", tracking=True)
    kam_currency_id = fields.Many2one('res.currency', "Currency", compute='_compute_kam_currency_id')
    kam_monthly_revenue = fields.Monetary(
        "Monthly Revenue", currency_field='kam_currency_id', tracking=True)
    kam_customer_since = fields.Date("Customer Since")
    kam_archive_completeness = fields.Float(
        "Archive Completeness (%)", compute='_compute_kam_archive_completeness', store=True,
        aggregator='avg', digits=(5, 1))
    kam_archive_incomplete = fields.Boolean(
        "Incomplete Archive", compute='_compute_kam_archive_completeness', store=True,
        help="Less complete than its tier requires.")
    kam_manager_warning = fields.Char("Workload Warning", compute='_compute_kam_manager_warning')

    _kam_handset_count_positive = models.Constraint(
        'CHECK(kam_handset_count >= 0)', "Handsets cannot be negative.")
    _kam_employee_count_positive = models.Constraint(
        'CHECK(kam_employee_count >= 0)', "Employees cannot be negative.")
    _kam_monthly_revenue_positive = models.Constraint(
        'CHECK(kam_monthly_revenue >= 0)', "Monthly revenue cannot be negative.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('company_id')
    def _compute_kam_currency_id(self):
        for partner in self:
            partner.kam_currency_id = (partner.company_id or self.env.company).currency_id

    def _field_to_sql(self, alias, field_expr, query=None):
        # The account currency in SQL too (as crm.lead's company_currency), so
        # that revenue sums in pivots and graphs: the company's, else the
        # current company's.
        if field_expr == 'kam_currency_id':
            alias_company = query.make_alias(alias, 'company_id')
            company_sql = self._field_to_sql(alias, 'company_id', query)
            query.add_join('LEFT JOIN', alias_company, 'res_company', SQL(
                "%s = %s", company_sql, SQL.identifier(alias_company, 'id')))
            return SQL("COALESCE(%s, %s)", SQL.identifier(alias_company, 'currency_id'),
                       self.env.company.currency_id.id)
        return super()._field_to_sql(alias, field_expr, query)

    @api.depends(*KAM_PROFILE_FIELDS, 'kam_tier_id.required_completeness')
    def _compute_kam_archive_completeness(self):
        total = len(KAM_PROFILE_FIELDS)
        for partner in self:
            filled = sum(1 for fname in KAM_PROFILE_FIELDS if partner[fname])
            partner.kam_archive_completeness = 100.0 * filled / total
            partner.kam_archive_incomplete = bool(partner.kam_tier_id) and (
                partner.kam_archive_completeness < partner.kam_tier_id.required_completeness)

    @api.depends('kam_manager_id')
    def _compute_kam_manager_warning(self):
        managers = self.kam_manager_id
        capacity = self.env['res.users']._kam_capacity()
        counts = managers._kam_account_counts()
        for partner in self:
            count = counts.get(partner.kam_manager_id.id, 0)
            partner.kam_manager_warning = (
                partner.kam_is_key_account and count > capacity and self.env._(
                    "%(manager)s manages %(count)s key accounts, above the capacity of %(capacity)s.",
                    manager=partner.kam_manager_id.name, count=count, capacity=capacity)) or False

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('kam_is_key_account', 'is_company')
    def _check_kam_key_account_company(self):
        for partner in self:
            if partner.kam_is_key_account and not partner.is_company:
                raise ValidationError(self.env._(
                    "%s is a person: only companies can be key accounts.", partner.display_name))

    # ------------------------------------------------------------
    # Onchange and CRUD: one industry (ours drives Odoo's industry_id)
    # ------------------------------------------------------------

    @api.onchange('kam_industry_id')
    def _onchange_kam_industry_id(self):
        if self.kam_industry_id.industry_id:
            self.industry_id = self.kam_industry_id.industry_id

    @api.model
    def _kam_sync_industry(self, vals):
        if vals.get('kam_industry_id') and 'industry_id' not in vals:
            industry = self.env['kam.industry'].sudo().browse(vals['kam_industry_id']).industry_id
            if industry:
                vals['industry_id'] = industry.id
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._kam_sync_industry(dict(vals)) for vals in vals_list])

    def write(self, vals):
        return super().write(self._kam_sync_industry(dict(vals)))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def _kam_action(self, xmlid, domain, context):
        """The addon's window action ``xmlid`` narrowed to this account."""
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(f'key_account_management.{xmlid}')
        action['domain'] = domain
        action['context'] = context
        return action
