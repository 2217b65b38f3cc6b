from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command, Domain

from .kam_tools import to_currency

OPEN_STATES = ('draft', 'running')


class KamMarketingPlan(models.Model):
    """A marketing campaign of the key-account department (营销方案): an offer
    for the accounts that some filters choose (tiers, industries, regions),
    over a period, with a budget and targets. Launching it takes a snapshot
    of the targeted accounts (adjustable afterwards); the opportunities and
    contracts attributed to it make its results and return on investment.
    It may be promoted to the targeted customers on their portal home.

    Department campaigns: every Key Accounts user reads them, Key Accounts
    Managers create and run them."""
    _name = 'kam.marketing.plan'
    _description = "Marketing Plan"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.state.guard.mixin',
                'kam.company.currency.mixin']
    _order = 'date_start desc, id desc'
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields: the campaign
    # ------------------------------------------------------------

    name = fields.Char(
        "Campaign", required=True, tracking=True, translate=False,
        help="Name of the campaign, e.g. \"5G private network Q4 promotion\".")
    active = fields.Boolean(default=True, help="Archived campaigns leave the lists.")
    user_id = fields.Many2one(
        'res.users', "Owner", default=lambda self: self.env.user, tracking=True, index=True,
        domain=[('share', '=', False)], help="Who runs the campaign in the department.")
    state = fields.Selection([
        ('draft', "Draft"),
        ('running', "Running"),
        ('done', "Done"),
        ('cancelled', "Cancelled"),
    ], "Status", default='draft', required=True, copy=False, tracking=True, index=True,
        group_expand=True,
        help="Draft while prepared; running once launched (the targeted accounts are then "
             "chosen); done or cancelled at the end. Moved by the buttons.")
    date_start = fields.Date(
        "Start", required=True, tracking=True, default=fields.Date.context_today,
        help="First day of the campaign.")
    date_end = fields.Date(
        "End", required=True, tracking=True, help="Last day of the campaign; not before its start.")
    offer = fields.Text(
        help="What the campaign offers the customers: services, prices, conditions.")
    budget = fields.Monetary(
        tracking=True, help="What the campaign may cost; its return is measured "
                                      "against it.")
    target_revenue = fields.Monetary(
        tracking=True,
        help="Revenue the campaign should win, in the campaign's currency.")
    target_opportunity_count = fields.Integer(
        "Target Opportunities", tracking=True,
        help="Number of opportunities the campaign should open.")

    # ------------------------------------------------------------
    # Fields: targeting
    # ------------------------------------------------------------

    tier_ids = fields.Many2many(
        'kam.tier', string="Tiers",
        help="Only accounts of these tiers; none: every tier.")
    industry_ids = fields.Many2many(
        'kam.industry', string="Industries",
        help="Only accounts of these industries; none: every industry.")
    region_state_ids = fields.Many2many(
        'res.country.state', string="Provinces",
        help="Only accounts whose address is in these provinces or states; none: everywhere.")
    cities = fields.Char(
        help="Only accounts in these cities, separated by commas (杭州, 宁波); empty: every city.")
    account_ids = fields.Many2many(
        'res.partner', 'kam_marketing_plan_account_rel', 'plan_id', 'partner_id',
        string="Targeted Accounts", domain=[('kam_is_key_account', '=', True)],
        help="The key accounts the campaign targets: chosen from the filters when it is "
             "launched (or with Select Accounts), then adjusted by hand.")
    account_count = fields.Integer(
        "Accounts", compute='_compute_account_count', help="How many accounts are targeted.")

    # ------------------------------------------------------------
    # Fields: portal promotion
    # ------------------------------------------------------------

    portal_published = fields.Boolean(
        "Promote in Portal", tracking=True,
        help="While the campaign runs, the portal users of the targeted customers (and of the "
             "companies of their groups) see it on their portal home until they dismiss it.")
    portal_text = fields.Text(
        "Portal Message",
        help="What the customers read on their portal home; the offer when empty.")
    portal_dismissed_user_ids = fields.Many2many(
        'res.users', 'kam_marketing_plan_dismissed_rel', 'plan_id', 'user_id',
        string="Dismissed By", readonly=True, copy=False,
        help="Portal users who dismissed the promotion: they no longer see it.")

    # ------------------------------------------------------------
    # Fields: results
    # ------------------------------------------------------------

    opportunity_count = fields.Integer(
        "Opportunities", compute='_compute_results',
        help="Opportunities attributed to the campaign, won and lost ones included.")
    pipeline_amount = fields.Monetary(
        "Pipeline", compute='_compute_results',
        help="Expected revenue of the campaign's open opportunities.")
    won_amount = fields.Monetary(
        "Won Revenue", compute='_compute_results',
        help="Expected revenue of the campaign's won opportunities.")
    contract_count = fields.Integer(
        "Contracts", compute='_compute_results',
        help="Contracts attributed to the campaign, drafts and terminated ones left out.")
    contract_value = fields.Monetary(
        compute='_compute_results',
        help="Value of the contracts attributed to the campaign (frameworks through their "
             "call-offs).")
    roi = fields.Float(
        "Return on Budget (%)", compute='_compute_results', digits=(16, 1),
        help="(Revenue − budget) ÷ budget, the revenue being the larger of the won revenue and "
             "the contract value, so that an opportunity won and the contract signed for it "
             "are not counted twice.")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        if any(plan.date_end < plan.date_start for plan in self):
            raise ValidationError(self.env._("A marketing plan cannot end before it starts."))

    @api.constrains('budget', 'target_revenue', 'target_opportunity_count')
    def _check_amounts(self):
        if any(min(plan.budget, plan.target_revenue, plan.target_opportunity_count) < 0
               for plan in self):
            raise ValidationError(self.env._(
                "The budget and targets of a marketing plan cannot be negative."))

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('account_ids')
    def _compute_account_count(self):
        for plan in self:
            plan.account_count = len(plan.account_ids)

    @api.depends_context('uid')
    def _compute_results(self):
        # Totals of the campaign, whoever may open each opportunity or contract.
        Lead = self.env['crm.lead'].sudo().with_context(active_test=False)
        leads = defaultdict(list)
        contracts = defaultdict(list)
        if self.ids:
            leads_rows = Lead._read_group(
                [('kam_marketing_plan_id', 'in', self.ids), ('type', '=', 'opportunity')],
                ['kam_marketing_plan_id', 'won_status', 'active', 'company_id'],
                ['__count', 'expected_revenue:sum'])
            for plan, status, active, company, count, amount in leads_rows:
                leads[plan.id].append((status, active, company, count, amount))
            for plan, currency, count, amount in self.env['kam.contract'].sudo()._read_group(
                    [('kam_marketing_plan_id', 'in', self.ids),
                     ('state', 'not in', ('draft', 'terminated'))],
                    ['kam_marketing_plan_id', 'currency_id'], ['__count', 'counted_amount:sum']):
                contracts[plan.id].append((currency, count, amount))
        for plan in self:
            pid, target = plan._origin.id, plan.currency_id
            count = pipeline = won = 0
            for status, active, company, number, amount in leads[pid]:
                amount = to_currency(self.env, amount, (company or self.env.company).currency_id,
                                     target)
                count += number
                if status == 'pending' and active:
                    pipeline += amount
                elif status == 'won':
                    won += amount
            plan.opportunity_count, plan.pipeline_amount, plan.won_amount = count, pipeline, won
            plan.contract_count = sum(number for _currency, number, _amount in contracts[pid])
            plan.contract_value = sum(to_currency(self.env, amount, currency, target)
                                      for currency, _number, amount in contracts[pid])
            revenue = max(won, plan.contract_value)
            plan.roi = 100.0 * (revenue - plan.budget) / plan.budget if plan.budget else 0.0

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _kam_target_domain(self):
        """The key accounts the filters choose."""
        self.ensure_one()
        domain = Domain([('is_company', '=', True), ('kam_is_key_account', '=', True),
                         ('company_id', 'in', [False, self.company_id.id])])
        if self.tier_ids:
            domain &= Domain('kam_tier_id', 'in', self.tier_ids.ids)
        if self.industry_ids:
            domain &= Domain('kam_industry_id', 'in', self.industry_ids.ids)
        if self.region_state_ids:
            domain &= Domain('state_id', 'in', self.region_state_ids.ids)
        cities = [city.strip() for city in (self.cities or '').replace('，', ',').split(',')
                  if city.strip()]
        if cities:
            domain &= Domain.OR(Domain('city', '=ilike', city) for city in cities)
        return domain

    def _kam_select_accounts(self):
        for plan in self:
            accounts = self.env['res.partner'].search(plan._kam_target_domain())
            plan.account_ids = [Command.set(accounts.ids)]

    @api.model
    def _kam_portal_promotions(self, user):
        """The running campaigns promoted in the portal to ``user``: those
        targeting his company or a company of its group, that he has not
        dismissed. Read with sudo: portal users never read campaigns."""
        group = user.sudo().commercial_partner_id.kam_group_id
        if not group or not user.share:
            return self.browse()
        today = fields.Date.context_today(self)
        return self.sudo().search([
            ('state', '=', 'running'), ('portal_published', '=', True),
            ('date_start', '<=', today), ('date_end', '>=', today),
            ('account_ids.kam_group_id', '=', group.id),
            ('portal_dismissed_user_ids', 'not in', user.ids),
        ])

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_select_accounts(self):
        """Take the targeted accounts afresh from the filters."""
        self._kam_check_state(OPEN_STATES, self.env._("Selecting the accounts"))
        self.check_access('write')
        self._kam_select_accounts()
        return True

    def action_launch(self):
        self._kam_check_state(('draft',), self.env._("Launching"))
        self.check_access('write')
        self.filtered(lambda plan: not plan.account_ids)._kam_select_accounts()
        if any(not plan.account_ids for plan in self):
            raise UserError(self.env._(
                "No key account matches the campaign's filters: widen them or pick the accounts "
                "by hand before launching."))
        self._kam_move_state({'state': 'running'})
        return True

    def action_done(self):
        self._kam_check_state(('running',), self.env._("Closing"))
        self._kam_move_state({'state': 'done'})
        return True

    def action_cancel(self):
        self._kam_check_state(OPEN_STATES, self.env._("Cancelling"))
        self._kam_move_state({'state': 'cancelled'})
        return True

    def action_reset_draft(self):
        self._kam_check_state(('cancelled',), self.env._("Resetting to draft"))
        self._kam_move_state({'state': 'draft'})
        return True

    def action_create_opportunities(self):
        """One opportunity for every targeted account that has none in the
        campaign yet (won or lost ones count): running it twice creates
        nothing more."""
        self.ensure_one()
        self._kam_check_state(('running',), self.env._("Creating opportunities"))
        self.check_access('write')
        Lead = self.env['crm.lead']
        existing = Lead.sudo().with_context(active_test=False).search(
            [('kam_marketing_plan_id', '=', self.id)]).partner_id.commercial_partner_id
        missing = self.account_ids - existing
        if missing:
            Lead.create([Lead._kam_opportunity_values(account, plan=self) for account in missing])
        return self.action_view_opportunities()

    def action_view_opportunities(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('crm.crm_lead_opportunities')
        action['domain'] = [('kam_marketing_plan_id', '=', self.id), ('type', '=', 'opportunity')]
        action['context'] = {'default_kam_marketing_plan_id': self.id,
                             'default_type': 'opportunity', 'active_test': False}
        return action

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.kam_contract_action')
        action['domain'] = [('kam_marketing_plan_id', '=', self.id)]
        action['context'] = {'default_kam_marketing_plan_id': self.id}
        return action

    def action_view_accounts(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.res_partner_action_key_accounts')
        action['domain'] = [('id', 'in', self.account_ids.ids)]
        action['context'] = {'create': False}
        return action
