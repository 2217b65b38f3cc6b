from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_tools import process_in_chunks

# Profile fields whose share filled makes an account's archive completeness.
KAM_PROFILE_FIELDS = (
    'kam_industry_id', 'kam_manager_id', 'kam_employee_count', 'kam_handset_count',
    'kam_monthly_revenue', 'kam_customer_since', 'vat', 'phone', 'street', 'city',
)

BUYING_ROLES = [
    ('decision_maker', "Decision Maker"),
    ('influencer', "Influencer"),
    ('user', "End User"),
    ('gatekeeper', "Gatekeeper"),
    ('blocker', "Blocker"),
]

ATTITUDES = [
    ('champion', "Champion"),
    ('supporter', "Supporter"),
    ('neutral', "Neutral"),
    ('sceptic', "Sceptic"),
    ('opponent', "Opponent"),
]


class ResPartner(models.Model):
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

    # ------------------------------------------------------------
    # Fields: tier
    # ------------------------------------------------------------

    kam_tier_id = fields.Many2one(
        'kam.tier', "Tier", tracking=True, index='btree_not_null', ondelete='restrict',
        copy=False)
    kam_tier_locked = fields.Boolean(
        "Tier Locked", tracking=True, copy=False,
        help="Keep the tier set by hand: the daily classification leaves it alone.")
    kam_tier_reason = fields.Char("Tier Reason", readonly=True, copy=False)
    kam_tier_date = fields.Date("Classified On", readonly=True, copy=False)

    # ------------------------------------------------------------
    # Fields: group hierarchy
    # ------------------------------------------------------------

    kam_group_path = fields.Char(
        "Group Path", compute='_compute_kam_group', store=True, recursive=True, index=True)
    kam_group_id = fields.Many2one(
        'res.partner', "Group Customer", compute='_compute_kam_group', store=True,
        recursive=True, index='btree_not_null',
        help="The top company of this account's chain of parent companies.")
    kam_group_depth = fields.Integer(
        "Group Level", compute='_compute_kam_group', store=True, recursive=True)
    kam_subsidiary_ids = fields.One2many(
        'res.partner', 'parent_id', "Subsidiaries", domain=[('is_company', '=', True)])
    kam_subsidiary_count = fields.Integer("Subsidiary Count", compute='_compute_kam_rollups')
    kam_group_handset_count = fields.Integer("Group Handsets", compute='_compute_kam_rollups')
    kam_group_employee_count = fields.Integer("Group Employees", compute='_compute_kam_rollups')
    kam_group_monthly_revenue = fields.Monetary(
        "Group Monthly Revenue", currency_field='kam_currency_id', compute='_compute_kam_rollups')

    # ------------------------------------------------------------
    # Fields: decision map (contact persons of an account)
    # ------------------------------------------------------------

    kam_buying_role = fields.Selection(BUYING_ROLES, "Buying Role", tracking=True)
    kam_attitude = fields.Selection(ATTITUDES, "Attitude", tracking=True)
    kam_influence = fields.Integer("Influence", help="From 1 (little) to 5 (decisive).")
    kam_reports_to_id = fields.Many2one(
        'res.partner', "Reports To", index='btree_not_null', tracking=True,
        domain="[('is_company', '=', False), ('kam_group_id', '=', kam_group_id), ('id', '!=', id)]")
    kam_report_ids = fields.One2many('res.partner', 'kam_reports_to_id', "Direct Reports")
    kam_last_contact_date = fields.Date("Last Contact")
    kam_contact_count = fields.Integer("Decision Map", compute='_compute_kam_decision_map')
    kam_decision_warning = fields.Char("Decision Map Warning", compute='_compute_kam_decision_map')
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

    @api.depends(*KAM_PROFILE_FIELDS, 'kam_tier_id.required_completeness')
    def _compute_kam_archive_completeness(self):
        total = len(KAM_PROFILE_FIELDS)
        for partner in self:
            filled = sum(1 for fname in KAM_PROFILE_FIELDS if partner[fname])
            partner.kam_archive_completeness = 100.0 * filled / total
            partner.kam_archive_incomplete = bool(partner.kam_tier_id) and (
                partner.kam_archive_completeness < partner.kam_tier_id.required_completeness)

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

    @api.depends('child_ids.kam_buying_role', 'child_ids.kam_attitude', 'kam_tier_id')
    def _compute_kam_decision_map(self):
        accounts = self.filtered(lambda p: p.is_company and p._origin)
        stats = defaultdict(lambda: {'count': 0, 'roles': set(), 'attitudes': set()})
        if accounts:
            for account, role, attitude, count in self.env['res.partner']._read_group(
                    [('parent_id', 'in', accounts._origin.ids), ('is_company', '=', False)],
                    ['parent_id', 'kam_buying_role', 'kam_attitude'], ['__count']):
                stat = stats[account.id]
                stat['count'] += count
                stat['roles'].add(role)
                stat['attitudes'].add(attitude)
        for partner in self:
            stat = stats[partner._origin.id]
            partner.kam_contact_count = stat['count']
            missing = []
            if partner.is_company and partner.kam_tier_id.decision_map_required:
                if 'decision_maker' not in stat['roles']:
                    missing.append(self.env._("no known decision maker"))
                if 'champion' not in stat['attitudes']:
                    missing.append(self.env._("no champion"))
            partner.kam_decision_warning = missing and self.env._(
                "Tier %(tier)s account with %(missing)s in its decision map.",
                tier=partner.kam_tier_id.display_name, missing=", ".join(missing)) or False

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

    @api.constrains('kam_influence')
    def _check_kam_influence(self):
        for partner in self:
            if partner.kam_influence and not 1 <= partner.kam_influence <= 5:
                raise ValidationError(self.env._(
                    "Influence of %s must be between 1 and 5.", partner.display_name))

    @api.constrains('kam_reports_to_id', 'parent_id')
    def _check_kam_reports_to(self):
        for partner in self.filtered('kam_reports_to_id'):
            boss = partner.kam_reports_to_id
            if boss.is_company or not partner.kam_group_id or boss.kam_group_id != partner.kam_group_id:
                raise ValidationError(self.env._(
                    "%(contact)s can only report to a contact person of the same group "
                    "customer (%(boss)s is not one).",
                    contact=partner.display_name, boss=boss.display_name))
        if self._has_cycle('kam_reports_to_id'):
            raise ValidationError(self.env._(
                "Reporting lines cannot go round in a circle: check who reports to whom."))

    @api.constrains('kam_is_key_account', 'is_company')
    def _check_kam_key_account_company(self):
        for partner in self:
            if partner.kam_is_key_account and not partner.is_company:
                raise ValidationError(self.env._(
                    "%s is a person: only companies can be key accounts.", partner.display_name))

    # ------------------------------------------------------------
    # CRUD and address sync
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

    def write(self, vals):
        if 'kam_tier_id' in vals and not self.env.context.get('kam_classifying'):
            # A tier set by hand sticks: the daily classification respects it.
            vals = dict(vals, kam_tier_locked=vals.get('kam_tier_locked', True),
                        kam_tier_reason=self.env._("Set by hand"))
        return super().write(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_kam_classify(self):
        accounts = self.filtered('kam_is_key_account')
        if not accounts:
            raise UserError(self.env._("Only key accounts are classified into tiers."))
        locked = accounts.filtered('kam_tier_locked')
        (accounts - locked)._kam_classify_tiers()
        if locked and len(accounts) == 1:
            raise UserError(self.env._(
                "The tier of %s is locked: unlock it to let the rules classify it.",
                locked.display_name))
        return True

    def _kam_action(self, xmlid, domain, context):
        """The addon's window action ``xmlid`` narrowed to this account."""
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(f'key_account_management.{xmlid}')
        action['domain'] = domain
        action['context'] = context
        return action

    def action_kam_view_subsidiaries(self):
        return self._kam_action(
            'res_partner_action_group_hierarchy',
            [('kam_group_path', '=like', f"{self.kam_group_path}%"), ('is_company', '=', True)],
            {'hierarchy_res_id': self.id, 'default_parent_id': self.id, 'default_is_company': True})

    def action_kam_view_decision_map(self):
        return self._kam_action(
            'res_partner_action_decision_map',
            [('kam_group_id', '=', self.kam_group_id.id), ('is_company', '=', False)],
            {'default_parent_id': self.id, 'default_is_company': False,
             'search_default_group_by_role': 1})

    # ------------------------------------------------------------
    # Business: tier classification
    # ------------------------------------------------------------

    def _kam_classify_tiers(self):
        """Give each unlocked key account of ``self`` the first tier whose
        rule it matches. Changes are logged in the accounts' chatter in one
        batch, so a chunk costs the same number of queries whatever its size."""
        tiers = self.env['kam.tier'].search([])
        today = fields.Date.context_today(self)
        bodies = {}
        for partner in self.filtered(lambda p: p.kam_is_key_account and not p.kam_tier_locked):
            # reasons are written in the account manager's language
            env = self.with_context(lang=partner.kam_manager_id.lang or self.env.lang).env
            tier, reason = tiers.with_env(env)._kam_match(partner)
            old_tier = partner.kam_tier_id
            partner.with_context(kam_classifying=True, mail_notrack=True).write({
                'kam_tier_id': tier.id,
                'kam_tier_reason': reason,
                'kam_tier_date': today,
            })
            if tier != old_tier:
                # tier codes: the chatter line reads the same in every language
                bodies[partner.id] = env._(
                    "Tier changed from %(old)s to %(new)s. %(reason)s",
                    old=old_tier.code or env._("none"), new=tier.code or env._("none"),
                    reason=reason or "")
        if bodies:
            self.browse(list(bodies))._message_log_batch(bodies)
        return bodies

    def _kam_classify_pending_domain(self):
        today = fields.Date.context_today(self)
        return [('kam_is_key_account', '=', True), ('kam_tier_locked', '=', False),
                '|', ('kam_tier_date', '=', False), ('kam_tier_date', '<', today)]

    @api.model
    def _cron_kam_classify_tiers(self, batch_size=500):
        """Daily: classify the key accounts not yet classified today, a chunk
        at a time; a crash or a rerun picks up where the last commit left."""
        process_in_chunks(self, self._kam_classify_pending_domain(),
                          lambda accounts: accounts._kam_classify_tiers(), batch_size)

    # ------------------------------------------------------------
    # Delivery projects (smart button)
    # ------------------------------------------------------------

    kam_project_count = fields.Integer("Open Projects", compute='_compute_kam_project_counts')
    kam_project_late_count = fields.Integer("Late Projects", compute='_compute_kam_project_counts')

    def _compute_kam_project_counts(self):
        counts = {
            (partner.id, health): count
            for partner, health, count in self.env['kam.project']._read_group(
                [('partner_id', 'in', self._origin.ids), ('stage', 'in', ['draft', 'in_progress'])],
                ['partner_id', 'health'], ['__count'])
        }
        for partner in self:
            pid = partner._origin.id
            partner.kam_project_late_count = counts.get((pid, 'late'), 0)
            partner.kam_project_count = sum(
                counts.get((pid, health), 0) for health in ('on_track', 'at_risk', 'late'))

    def action_kam_view_projects(self):
        return self._kam_action('kam_project_action', [('partner_id', '=', self.id)],
                                {'default_partner_id': self.id, 'search_default_open': 1})

    # ------------------------------------------------------------
    # Contracts: running contracts and their value, on the account and
    # summed over everything below it in its group
    # ------------------------------------------------------------

    kam_contract_count = fields.Integer("Running Contracts", compute='_compute_kam_contracts')
    kam_contract_value = fields.Monetary(
        "Running Contract Value", currency_field='kam_currency_id', compute='_compute_kam_contracts',
        help="Value of the running contracts; framework contracts count through their call-offs.")
    kam_group_contract_count = fields.Integer(
        "Group Running Contracts", compute='_compute_kam_contracts')
    kam_group_contract_value = fields.Monetary(
        "Group Contract Value", currency_field='kam_currency_id', compute='_compute_kam_contracts')

    def _compute_kam_contracts(self):
        companies = self.filtered(lambda p: p.is_company and p.kam_group_path and p._origin)
        rows = []
        if companies:
            rows = self.env['kam.contract'].sudo()._read_group(
                [('partner_id.kam_group_id', 'in', companies.kam_group_id.ids),
                 ('state', 'in', ('active', 'expiring'))],
                ['partner_id', 'is_framework'], ['amount:sum', '__count'])
        for partner in self:
            own = group = (0, 0.0)
            prefix = partner._origin.id and partner.kam_group_path
            for account, is_framework, amount, count in rows:
                # A framework's value is a ceiling its call-offs draw on,
                # not money of its own: count it, sum its call-offs.
                amount = 0.0 if is_framework else amount
                if account.id == partner._origin.id:
                    own = (own[0] + count, own[1] + amount)
                if prefix and (account.kam_group_path or '').startswith(prefix):
                    group = (group[0] + count, group[1] + amount)
            partner.kam_contract_count, partner.kam_contract_value = own
            partner.kam_group_contract_count, partner.kam_group_contract_value = group

    def action_kam_view_contracts(self):
        return self._kam_action('kam_contract_action', [('partner_id', 'child_of', self.id)],
                                {'default_partner_id': self.id, 'search_default_open': 1})
