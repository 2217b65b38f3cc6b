from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .kam_input import check_employees

# The key-account data (tier, figures, team, decision map…) is readable by
# Key Accounts users only; the partner itself stays visible as Odoo makes it.
KAM_USER = 'key_account_management.group_kam_user'
KAM_MANAGER = 'key_account_management.group_kam_manager'

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
        help="Managed one-to-one by the key-account department: the account gets a "
             "manager, a team, a tier and the key-account tabs. Set by Key Accounts users.")
    kam_manager_id = fields.Many2one(
        'res.users', "Account Manager", tracking=True, index='btree_not_null',
        domain=[('share', '=', False)], copy=False,
        help="The employee who runs this key account. With the account team, the only "
             "Key Accounts user who changes its key-account data, contracts and projects; "
             "set by the manager himself or a Key Accounts Manager.")
    kam_team_member_ids = fields.One2many(
        'kam.team.member', 'partner_id', "Account Team", copy=False, groups=KAM_USER,
        help="Colleagues who serve this account with its manager (and may change it). "
             "Only the account manager or a Key Accounts Manager adds or removes them.")
    kam_industry_id = fields.Many2one(
        'kam.industry', "Industry (KAM)", tracking=True, index='btree_not_null',
        help="The customer's industry. An industry with a minimum tier grades its accounts "
             "at least that tier, whatever their size: A for party, government, military, "
             "media, finance and the key industries, securities and insurance B (see the "
             "industries in the configuration).")
    kam_is_strategic = fields.Boolean(
        related='kam_industry_id.is_strategic', string="Strategic",
        help="The industry has a minimum tier: the account is graded at least that tier "
             "(A, or B for securities and insurance), whatever its size.")
    kam_employee_count = fields.Integer(
        "Headcount", copy=False, groups=KAM_USER,
        help="People employed by this company (not its subsidiaries), as the account "
             "manager knows it; summed over the group in Group Employees.")
    kam_handset_count = fields.Integer(
        "Handsets / Lines", tracking=True, copy=False, groups=KAM_USER,
        help="Mobile handsets and lines this company has with us, entered by the account "
             "manager; the tier rules compare it with their minimum handsets. The billing "
             "system's lines per service are on the Billing tab.")
    kam_currency_id = fields.Many2one(
        'res.currency', "Currency", compute='_compute_kam_currency_id',
        help="Currency of the revenue figures: that of the partner's company, or the "
             "current company's.")
    kam_monthly_revenue = fields.Monetary(
        "Monthly Revenue", currency_field='kam_currency_id', tracking=True, copy=False,
        groups=KAM_USER,
        help="What this company pays us per month, in the account's currency, entered by "
             "the account manager. For accounts with no billing yet: once the billing system "
             "sends the account's lines, the tier rules read the billed monthly average instead.")
    kam_customer_since = fields.Date(
        "Customer Since", copy=False, groups=KAM_USER,
        help="First day the company was our customer; part of the archive completeness.")
    kam_archive_completeness = fields.Float(
        "Archive Completeness (%)", compute='_compute_kam_archive_completeness', store=True,
        aggregator='avg', digits=(5, 1), groups=KAM_USER,
        help="Share, in percent, of the profile fields filled (industry, manager, headcount, "
             "handsets, revenue, customer since, tax ID, phone, street, city). Computed.")
    kam_archive_incomplete = fields.Boolean(
        "Incomplete Archive", compute='_compute_kam_archive_completeness', store=True,
        groups=KAM_USER,
        help="Less complete than its tier requires (the tier's required completeness).")
    kam_manager_warning = fields.Char(
        "Workload Warning", compute='_compute_kam_manager_warning', groups=KAM_USER,
        help="Shown when the account manager holds more key accounts than the capacity "
             "set in the settings (default 50).")

    _kam_handset_count_positive = models.Constraint(
        'CHECK(kam_handset_count >= 0)', "Handsets cannot be negative.")
    _kam_employee_count_positive = models.Constraint(
        'CHECK(kam_employee_count >= 0)', "Employees cannot be negative.")
    _kam_monthly_revenue_positive = models.Constraint(
        'CHECK(kam_monthly_revenue >= 0)', "Monthly revenue cannot be negative.")
    # The key-account list's default order (partners' _order) over key accounts only.
    _kam_key_account_order_idx = models.Index(
        "(complete_name, id DESC) WHERE kam_is_key_account IS TRUE AND active IS TRUE")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('company_id')
    @api.depends_context('company')
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

    @api.constrains('kam_manager_id')
    def _check_kam_manager_employee(self):
        check_employees(self, 'kam_manager_id')

    # ------------------------------------------------------------
    # Onchange and CRUD: one industry (ours drives Odoo's industry_id);
    # who changes an account's key-account data
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
        partners = super().create([self._kam_sync_industry(dict(vals)) for vals in vals_list])
        # contacts created with decision-map data belong to an existing account
        self.browse([
            partner.id for partner, vals in zip(partners, vals_list)
            if not partner.is_company and partner.parent_id
            and any(key.startswith('kam_') and value for key, value in vals.items())
        ])._kam_check_account_rights()
        return partners

    def write(self, vals):
        if any(key.startswith('kam_') for key in vals):
            self._kam_check_account_rights()
        return super().write(self._kam_sync_industry(dict(vals)))

    def _kam_check_account_rights(self):
        """Key Accounts users change the key-account data only of the accounts
        they manage or serve in the team (contacts follow their company);
        Key Accounts Managers change all. Ordinary partners without a manager
        can be made key accounts by any Key Accounts user."""
        if self.env.su or not self or self.env.user.has_group(KAM_MANAGER):
            return
        user = self.env.user
        for account in self.sudo().commercial_partner_id:
            if not account.kam_is_key_account and not account.kam_manager_id:
                continue
            if account._kam_user_may_change(user):
                continue
            raise AccessError(self.env._(
                "Only the account manager and team of %(account)s, or a Key Accounts Manager, "
                "change its key-account data.", account=account.display_name))

    def _kam_user_may_change(self, user):
        """``user`` (a Key Accounts user) changes this key account (read
        with sudo): he manages it or serves on its team."""
        self.ensure_one()
        return self.kam_manager_id == user or user in self.kam_team_member_ids.user_id

    @api.ondelete(at_uninstall=False)
    def _unlink_kam_accounts(self):
        """Key accounts are archived, not deleted (deleting is also what a
        merge does to the partners merged away): only Key Accounts Managers
        may, and never while contracts or projects point at them."""
        accounts = self.filtered('kam_is_key_account')
        if not accounts:
            return
        if not self.env.user.has_group(KAM_MANAGER):
            raise UserError(self.env._(
                "Only a Key Accounts Manager can delete or merge a key account (%s); "
                "archive it instead.", accounts[0].display_name))
        for model in ('kam.contract', 'kam.project'):
            if self.env[model].sudo().with_context(active_test=False).search_count(
                    [('partner_id', 'in', accounts.ids)], limit=1):
                raise UserError(self.env._(
                    "%s has contracts or delivery projects: archive it instead of deleting "
                    "or merging it.", accounts[0].display_name))

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
