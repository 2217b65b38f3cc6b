from collections import defaultdict
from datetime import date, datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_account_plan_competitor import THREAT_LEVELS
from .kam_tools import to_currency

KAM_MANAGER = 'key_account_management.group_kam_manager'
# contracts whose value counts as won business of the period
COUNTED_CONTRACT_STATES = ('active', 'expiring', 'expired', 'renewed')
# what moves a plan to another account or period: only while it is a draft
PERIOD_FIELDS = ('partner_id', 'period_type', 'year', 'half')


def period_bounds(period_type, year, half):
    """``(first day, last day)`` of a year or of one of its halves;
    ``(False, False)`` for no year."""
    if not year or not 1 <= year <= 9999:
        return False, False
    if period_type == 'half' and half == '1':
        return date(year, 1, 1), date(year, 6, 30)
    if period_type == 'half' and half == '2':
        return date(year, 7, 1), date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)


class KamAccountPlan(models.Model):
    """The account plan (客户规划) of a key account for a year or a
    half-year, in McKinsey's six steps: the industry (trends and drivers),
    the competitors present, the customer's own needs, our customised
    solution, phased actions and the financial impact, with a SWOT and the
    stakeholders of the decision map as they stood at approval. Written by
    the account team, submitted for review and approved by a Key Accounts
    manager; its actions then become activities of their owners. Targets
    are compared with what the period really brought: contracts signed and
    opportunities won, and the open pipeline."""
    _name = 'kam.account.plan'
    _description = "Account Plan"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.account.access.mixin',
                'kam.state.guard.mixin', 'kam.company.currency.mixin']
    _order = 'date_start desc, id desc'
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields: account, period, workflow
    # ------------------------------------------------------------

    name = fields.Char(
        "Plan", compute='_compute_name', store=True, readonly=False, required=True,
        precompute=True, tracking=True,
        help="Title of the plan; the account and its period by default.")
    active = fields.Boolean(default=True, help="Archived plans leave the lists.")
    partner_id = fields.Many2one(
        'res.partner', "Account", required=True, index=True, tracking=True, check_company=True,
        domain=[('is_company', '=', True), ('kam_is_key_account', '=', True)],
        help="The key account the plan is for.")
    industry_id = fields.Many2one(
        related='partner_id.kam_industry_id', string="Industry",
        help="The account's industry, set on the account.")
    user_id = fields.Many2one(
        'res.users', "Owner", compute='_compute_user_id', store=True, readonly=False,
        precompute=True, tracking=True, index=True, domain=[('share', '=', False)],
        help="Who writes the plan and answers for it: the account manager by default.")
    period_type = fields.Selection([
        ('year', "Year"),
        ('half', "Half-Year"),
    ], "Period", required=True, default='year', tracking=True,
        help="Whether the plan covers a calendar year or one half of it.")
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year,
        tracking=True, aggregator=None, help="Calendar year of the plan.")
    half = fields.Selection([
        ('1', "First Half"),
        ('2', "Second Half"),
    ], help="For a half-year plan: January to June or July to December.")
    date_start = fields.Date(
        "Start", compute='_compute_dates', store=True, index=True,
        help="First day of the plan's period.")
    date_end = fields.Date(
        "End", compute='_compute_dates', store=True, help="Last day of the plan's period.")
    state = fields.Selection([
        ('draft', "Draft"),
        ('review', "Under Review"),
        ('approved', "Approved"),
        ('closed', "Closed"),
    ], "Status", default='draft', required=True, copy=False, tracking=True, index=True,
        group_expand=True,
        help="Draft while the team writes it, under review once submitted, approved by a Key "
             "Accounts manager, closed when its period is over. Moved by the buttons.")
    approved_by_id = fields.Many2one(
        'res.users', readonly=True, copy=False, help="Who approved the plan.")
    date_approved = fields.Date("Approved On", readonly=True, copy=False,
                                help="Day the plan was approved.")

    # ------------------------------------------------------------
    # Fields: the six steps and the SWOT
    # ------------------------------------------------------------

    industry_trends = fields.Text(
        help="Step 1: where the customer's industry is going (policy, "
                                "digitalisation, competition among its own players).")
    industry_drivers = fields.Text(
        "Business Drivers", help="Step 1: what drives the customer's business and its spending "
                                 "on telecom and IT.")
    competitor_ids = fields.One2many(
        'kam.account.plan.competitor', 'plan_id', "Competitors", copy=True,
        help="Step 2: the competitors present at the account.")
    competitive_position = fields.Text(
        "Our Position", help="Step 2: where we stand against them and why.")
    need_ids = fields.One2many(
        'kam.account.plan.need', 'plan_id', "Needs", copy=True,
        help="Step 3: what the customer's business units need.")
    solution_ids = fields.One2many(
        'kam.account.plan.solution', 'plan_id', copy=True,
        help="Step 4: the products and services we propose.")
    solution_monthly_revenue = fields.Monetary(
        compute='_compute_solution_revenue', store=True,
        help="Monthly revenue expected from the proposed solution.")
    action_ids = fields.One2many(
        'kam.account.plan.action', 'plan_id', "Actions", copy=True,
        help="Step 5: the phased actions, with owner and due date.")
    target_revenue = fields.Monetary(
        tracking=True,
        help="Step 6: new business the plan aims to sign in the period.")
    target_handsets = fields.Integer(
        "Target New Handsets", tracking=True, aggregator='sum',
        help="Step 6: new handsets (mobile lines) the plan aims to add in the period.")
    cost = fields.Monetary(
        tracking=True,
        help="Step 6: what carrying out the plan costs (discounts, events, pre-sales work).")
    expected_margin = fields.Monetary(
        compute='_compute_expected_margin', store=True,
        help="Target revenue minus cost.")
    actual_contract_value = fields.Monetary(
        "Contracts Signed", compute='_compute_actuals',
        help="Value of the contracts of the account (and of the companies of its group it "
             "serves) signed within the period.")
    actual_won_revenue = fields.Monetary(
        "Opportunities Won", compute='_compute_actuals',
        help="Expected revenue of the account's opportunities won within the period.")
    actual_revenue = fields.Monetary(
        "Actual", compute='_compute_actuals',
        help="Contracts signed plus opportunities won in the period.")
    pipeline_revenue = fields.Monetary(
        "Pipeline", compute='_compute_actuals',
        help="Expected revenue of the account's open opportunities expected to close within "
             "the period.")
    achievement = fields.Float(
        "Achieved (%)", compute='_compute_actuals', digits=(5, 1),
        help="Actual in percent of the target revenue.")
    swot_strengths = fields.Text("Strengths", help="SWOT: our strengths at this account.")
    swot_weaknesses = fields.Text("Weaknesses", help="SWOT: our weaknesses at this account.")
    swot_opportunities = fields.Text("Opportunities", help="SWOT: opportunities the plan seizes.")
    swot_threats = fields.Text("Threats", help="SWOT: threats the plan must meet.")
    stakeholder_ids = fields.One2many(
        'kam.account.plan.stakeholder', 'plan_id', "Stakeholders", readonly=True,
        help="The decision map of the account as it was when the plan was approved.")
    opportunity_ids = fields.One2many(
        'crm.lead', 'kam_account_plan_id', "Plan Opportunities",
        help="Opportunities attributed to this plan.")
    opportunity_count = fields.Integer(
        compute='_compute_opportunity_count',
        help="Opportunities attributed to the plan that you can open.")

    # ------------------------------------------------------------
    # Constraints and indexes
    # ------------------------------------------------------------

    _one_per_period = models.UniqueIndex(
        "(partner_id, date_start) WHERE active",
        "This account already has a plan for this period.")

    @api.constrains('year', 'period_type', 'half')
    def _check_period(self):
        for plan in self:
            if not 2000 <= plan.year <= 2100:
                raise ValidationError(self.env._("The year of an account plan is between 2000 "
                                                 "and 2100."))
            if plan.period_type == 'half' and not plan.half:
                raise ValidationError(self.env._("Choose the half-year of the plan."))

    @api.constrains('partner_id', 'date_start', 'date_end', 'active')
    def _check_overlap(self):
        plans = self.filtered(lambda p: p.active and p.date_start)
        self._kam_check_overlap([(plan.partner_id.id, plan.date_start, plan.date_end, plan.id)
                                 for plan in plans])

    def _kam_check_overlap(self, periods):
        """Refuse any of ``periods`` (account id, start, end, plan id or
        None) overlapping another active plan of its account or another of
        ``periods``: checked before writing, so that the unique index never
        answers in its own words."""
        periods = [period for period in periods if period[0] and period[1]]
        if not periods:
            return
        own_ids = [plan_id for *_period, plan_id in periods if plan_id]
        existing = [(plan.partner_id.id, plan.date_start, plan.date_end, plan.id)
                    for plan in self.sudo().search([
                        ('partner_id', 'in', [period[0] for period in periods]),
                        ('id', 'not in', own_ids)])]
        for index, (account, start, end, plan_id) in enumerate(periods):
            for other_account, other_start, other_end, other_id in existing + periods[:index]:
                if other_account == account and other_start <= end and other_end >= start \
                        and (other_id != plan_id or not plan_id):
                    raise ValidationError(self.env._(
                        "The account already has a plan for a period overlapping %(start)s to "
                        "%(end)s: one plan per account and period.", start=start, end=end))

    @api.constrains('date_start', 'date_end')
    def _check_action_dates(self):
        self.action_ids._check_date_due()

    @api.constrains('target_revenue', 'target_handsets', 'cost')
    def _check_targets(self):
        if any(plan.target_revenue < 0 or plan.target_handsets < 0 or plan.cost < 0
               for plan in self):
            raise ValidationError(self.env._("Targets and cost of a plan cannot be negative."))

    @api.constrains('partner_id')
    def _check_partner(self):
        if any(not plan.partner_id.sudo().kam_is_key_account for plan in self):
            raise ValidationError(self.env._("Account plans are made for key accounts."))

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('partner_id', 'period_type', 'year', 'half')
    def _compute_name(self):
        for plan in self:
            plan.name = f"{plan.partner_id.name or ''} {plan._kam_period_label()}".strip()

    def _kam_period_label(self):
        self.ensure_one()
        if self.period_type == 'half' and self.half:
            return self.env._("%(year)s H%(half)s", year=self.year, half=self.half)
        return str(self.year or '')

    @api.depends('partner_id')
    def _compute_user_id(self):
        for plan in self:
            plan.user_id = plan.partner_id.sudo().kam_manager_id or plan.user_id

    @api.depends('period_type', 'year', 'half')
    def _compute_dates(self):
        for plan in self:
            plan.date_start, plan.date_end = period_bounds(plan.period_type, plan.year, plan.half)

    @api.depends('solution_ids.monthly_revenue')
    def _compute_solution_revenue(self):
        for plan in self:
            plan.solution_monthly_revenue = sum(plan.solution_ids.mapped('monthly_revenue'))

    @api.depends('target_revenue', 'cost')
    def _compute_expected_margin(self):
        for plan in self:
            plan.expected_margin = plan.target_revenue - plan.cost

    @api.depends('partner_id', 'date_start', 'date_end', 'target_revenue')
    def _compute_actuals(self):
        """Totals of the period, whoever may open each contract or
        opportunity: one grouped read per distinct period of the plans."""
        contracts, won, pipeline = defaultdict(list), defaultdict(float), defaultdict(float)
        plans = self.filtered(lambda p: p.partner_id and p.date_start)
        Contract = self.env['kam.contract'].sudo()
        Lead = self.env['crm.lead'].sudo()
        for (start, end), group in plans.grouped(lambda p: (p.date_start, p.date_end)).items():
            accounts = group.partner_id.ids
            since = datetime.combine(start, time.min)
            until = datetime.combine(end + timedelta(days=1), time.min)
            for account, currency, amount in Contract._read_group(
                    [('kam_account_id', 'in', accounts), ('state', 'in', COUNTED_CONTRACT_STATES),
                     ('signing_date', '>=', start), ('signing_date', '<=', end)],
                    ['kam_account_id', 'currency_id'], ['counted_amount:sum']):
                contracts[account.id, start, end].append((currency, amount))
            for account, amount in Lead._read_group(
                    [('kam_account_id', 'in', accounts), ('won_status', '=', 'won'),
                     ('date_closed', '>=', since), ('date_closed', '<', until)],
                    ['kam_account_id'], ['expected_revenue:sum']):
                won[account.id, start, end] += amount
            for account, amount in Lead._read_group(
                    [('kam_account_id', 'in', accounts), ('type', '=', 'opportunity'),
                     ('won_status', '=', 'pending'),
                     ('date_deadline', '>=', start), ('date_deadline', '<=', end)],
                    ['kam_account_id'], ['expected_revenue:sum']):
                pipeline[account.id, start, end] += amount
        for plan in self:
            key = (plan.partner_id.id, plan.date_start, plan.date_end)
            target = plan.currency_id or self.env.company.currency_id
            plan.actual_contract_value = sum(
                to_currency(self.env, amount, currency, target) for currency, amount in contracts[key])
            plan.actual_won_revenue = to_currency(self.env, won[key], None, target)
            plan.pipeline_revenue = to_currency(self.env, pipeline[key], None, target)
            plan.actual_revenue = plan.actual_contract_value + plan.actual_won_revenue
            plan.achievement = (100.0 * plan.actual_revenue / plan.target_revenue
                                if plan.target_revenue else 0.0)

    @api.depends_context('uid')
    def _compute_opportunity_count(self):
        Lead = self.env['crm.lead']
        counts = dict(Lead._read_group(
            [('kam_account_plan_id', 'in', self._origin.ids)], ['kam_account_plan_id'], ['__count'],
        )) if self._origin.ids and Lead.has_access('read') else {}
        for plan in self:
            plan.opportunity_count = counts.get(plan._origin, 0)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env['res.partner'].sudo()
        defaults = self.default_get(['period_type', 'year'])
        self._kam_check_overlap([(
            vals.get('partner_id'),
            *period_bounds(vals.get('period_type', defaults.get('period_type')),
                           vals.get('year', defaults.get('year')), vals.get('half')),
            None) for vals in vals_list if vals.get('active', True)])
        # the accounts' currencies read once for the whole batch
        accounts = Partner.browse({vals['partner_id'] for vals in vals_list if vals.get('partner_id')})
        currencies = {account.id: account.kam_currency_id.id for account in accounts}
        for vals in vals_list:
            if currencies.get(vals.get('partner_id')):
                vals.setdefault('currency_id', currencies[vals['partner_id']])
        plans = super().create(vals_list)
        # step 2 starts from the competitor offers logged on the account
        plans.filtered(lambda p: not p.competitor_ids)._kam_prefill_competitors()
        return plans

    def write(self, vals):
        if set(vals) & set(PERIOD_FIELDS) and any(plan.state != 'draft' for plan in self):
            raise UserError(self.env._(
                "The account and period of a plan change only while it is a draft."))
        if set(vals) & {*PERIOD_FIELDS, 'active'}:
            self._kam_check_overlap([(
                vals.get('partner_id', plan.partner_id.id),
                *period_bounds(vals.get('period_type', plan.period_type),
                               vals.get('year', plan.year), vals.get('half', plan.half)),
                plan.id) for plan in self if vals.get('active', plan.active)])
        return super().write(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_submit(self):
        self._kam_check_state(('draft',), self.env._("Submitting for review"))
        if any(not plan.need_ids or not plan.action_ids for plan in self):
            raise UserError(self.env._(
                "Write down at least one need of the customer and one action before "
                "submitting the plan."))
        self._kam_move_state({'state': 'review'})
        return True

    def action_approve(self):
        self._kam_check_approver()
        self._kam_check_state(('review',), self.env._("Approving"))
        self._kam_move_state({'state': 'approved', 'approved_by_id': self.env.user.id,
                              'date_approved': fields.Date.context_today(self)})
        self.sudo()._kam_snapshot_stakeholders()
        self.sudo()._kam_schedule_actions()
        return True

    def action_send_back(self):
        self._kam_check_approver()
        self._kam_check_state(('review',), self.env._("Sending back"))
        self._kam_move_state({'state': 'draft'})
        return True

    def action_close(self):
        self._kam_check_state(('approved',), self.env._("Closing"))
        self._kam_move_state({'state': 'closed'})
        return True

    def action_reopen(self):
        self._kam_check_approver()
        self._kam_check_state(('closed',), self.env._("Reopening"))
        self._kam_move_state({'state': 'approved'})
        return True

    def action_prefill_competitors(self):
        self.check_access('write')
        self._kam_prefill_competitors()
        return True

    def action_view_opportunities(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('crm.crm_lead_opportunities')
        action['domain'] = [('kam_account_plan_id', '=', self.id)]
        action['context'] = {'default_kam_account_plan_id': self.id,
                             'default_partner_id': self.partner_id.id, 'default_type': 'opportunity'}
        return action

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _kam_check_approver(self):
        # a Key Accounts user writes and submits plans, his own included;
        # only a manager approves, sends back or reopens one
        if not self.env.su and not self.env.user.has_group(KAM_MANAGER):
            raise UserError(self.env._("Only a Key Accounts manager approves account plans."))

    def _kam_prefill_competitors(self):
        """Add to step 2 each competitor with a valid offer logged on the
        account (not expired), with the highest threat of its offers."""
        if not self:
            return
        today = fields.Date.context_today(self)
        offers = self.env['kam.competitor.offer'].sudo().search([
            ('partner_id', 'in', self.partner_id.ids),
            '|', ('valid_until', '=', False), ('valid_until', '>=', today)])
        rank = {level: index for index, (level, _label) in enumerate(THREAT_LEVELS)}
        lines = []
        for plan in self:
            present = plan.competitor_ids.competitor_id
            for competitor, found in offers.filtered(
                    lambda o, plan=plan: o.partner_id == plan.partner_id).grouped('competitor_id').items():
                if competitor in present:
                    continue
                lines.append({
                    'plan_id': plan.id, 'competitor_id': competitor.id,
                    'threat_level': max(found.mapped('threat_level'), key=rank.get),
                    'note': "\n".join(found.mapped('name')),
                })
        self.env['kam.account.plan.competitor'].sudo().create(lines)

    def _kam_snapshot_stakeholders(self):
        """Copy the account's decision map (its contacts with a buying role)
        onto the plan as it stands now."""
        contacts = self.env['res.partner'].sudo().search([
            ('commercial_partner_id', 'in', self.partner_id.ids), ('is_company', '=', False),
            ('kam_buying_role', '!=', False)], order='kam_influence desc, name')
        self.stakeholder_ids.unlink()
        self.env['kam.account.plan.stakeholder'].create([{
            'plan_id': plan.id, 'contact_id': contact.id, 'name': contact.name,
            'function': contact.function, 'role': contact.kam_buying_role,
            'attitude': contact.kam_attitude, 'influence': contact.kam_influence,
        } for plan in self for contact in contacts
            if contact.commercial_partner_id == plan.partner_id])

    def _kam_schedule_actions(self):
        """Give the owner of each open action an activity on the plan, once
        per action whatever the number of approvals."""
        actions = self.action_ids.filtered(
            lambda a: a.status == 'todo' and a.user_id and not a.activity_scheduled)
        if not actions:
            return
        activity_type = self.env.ref('key_account_management.mail_activity_type_kam_plan_action')
        model_id = self.env['ir.model']._get_id(self._name)
        activities = self.env['mail.activity'].with_context(mail_activity_quick_update=True).create([{
            'activity_type_id': activity_type.id,
            'res_model_id': model_id,
            'res_id': action.plan_id.id,
            'user_id': action.user_id.id,
            'summary': action.name,
            'date_deadline': action.date_due,
            'automated': True,
        } for action in actions])
        for action, activity in zip(actions, activities):
            action.write({'activity_id': activity.id, 'activity_scheduled': True})
