from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_tools import schedule_activities
from .res_partner_health import HEALTH_BANDS

OPEN_STATES = ('open', 'in_progress')
CLOSED_STATES = ('retained', 'partly_retained', 'lost')
# what still changes on a closed case: archiving it, and what the chatter
# writes (followers, activities, messages)
CLOSED_WRITABLE = {'active', 'message_follower_ids', 'message_main_attachment_id', 'activity_ids'}


class KamRetentionCase(models.Model):
    """Saving a key account that may leave (挽留): opened when the account
    enters the at-risk band, or by hand; it keeps the health factors of that
    moment, the revenue at risk, the reasons and the competitor's offer, the
    actions taken with their cost and effect, and the outcome. An account
    has at most one open case."""
    _name = 'kam.retention.case'
    _description = "Retention Case"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.account.access.mixin',
                'kam.state.guard.mixin', 'kam.company.currency.mixin']
    _order = 'date_open desc, id desc'
    _check_company_auto = True
    # cases are archived, never deleted
    _kam_draft_state = None

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        "Number", required=True, copy=False, readonly=True, default=lambda self: self.env._("New"),
        help="Case number from a gap-free sequence (RC/2026/00001).")
    active = fields.Boolean(default=True, help="Archived cases leave the lists.")
    partner_id = fields.Many2one(
        'res.partner', "Account", required=True, index=True, tracking=True, check_company=True,
        domain=[('is_company', '=', True), ('kam_is_key_account', '=', True)],
        help="The key account at risk of leaving.")
    user_id = fields.Many2one(
        'res.users', "Owner", tracking=True, index=True, domain=[('share', '=', False)],
        help="Who leads the case: the account manager by default.")
    state = fields.Selection([
        ('open', "Open"),
        ('in_progress', "In Progress"),
        ('retained', "Retained"),
        ('partly_retained', "Partly Retained"),
        ('lost', "Lost"),
    ], "Stage", default='open', required=True, copy=False, tracking=True, index=True,
        group_expand=True,
        help="Open, in progress while the team works on it, then retained, partly retained "
             "or lost; moved by the buttons.")
    trigger = fields.Selection([
        ('auto', "Early Warning"),
        ('manual', "By Hand"),
    ], "Opened By", default='manual', required=True, readonly=True,
        help="Early warning: the health job opened it when the account fell at risk.")
    date_open = fields.Date(
        "Opened On", required=True, readonly=True, default=fields.Date.context_today,
        help="Day the case was opened.")
    date_deadline = fields.Date(
        "Respond By", tracking=True,
        help="By when the owner should act: the tier's retention response days after "
             "opening.")
    date_closed = fields.Date("Closed On", readonly=True, copy=False, help="Day the case was closed.")
    reason_ids = fields.Many2many(
        'kam.retention.reason', string="Reasons",
        help="Why the customer thinks of leaving.")
    competitor_offer_id = fields.Many2one(
        'kam.competitor.offer', check_company=True,
        domain="[('partner_id', '=', partner_id)]",
        help="The competitor's offer the customer is weighing, if any.")
    score_at_open = fields.Integer(
        "Score at Opening", readonly=True, help="The account's health score when the case opened.")
    band_at_open = fields.Selection(
        HEALTH_BANDS, "Health at Opening", readonly=True, help="Its band then.")
    factor_summary = fields.Text(
        "Factors at Opening", readonly=True,
        help="The health factors of the account when the case opened, with their points.")
    revenue_at_risk = fields.Monetary(
        "Monthly Revenue at Risk", tracking=True,
        help="Monthly revenue the operator would lose with the customer; the account's "
             "monthly revenue when the case opened.")
    retained_revenue = fields.Monetary(
        "Monthly Revenue Kept", tracking=True,
        help="Outcome: the monthly revenue the customer stays with. Required to close a case "
             "as retained or partly retained.")
    retention_rate = fields.Float(
        "Kept (%)", compute='_compute_outcome', store=True, digits=(5, 1), aggregator='avg',
        help="Monthly revenue kept in percent of the revenue at risk.")
    action_ids = fields.One2many(
        'kam.retention.action', 'case_id', "Retention Actions",
        help="Care visits, events and offers made to keep the customer, with cost and effect.")
    action_cost = fields.Monetary(
        "Cost of Actions", compute='_compute_outcome', store=True,
        help="What the retention actions cost in all.")
    lost_reason = fields.Text(
        "Why Lost", tracking=True, help="Required to close a case as lost.")
    note = fields.Html("Notes", help="The team's notes on the case.")

    # ------------------------------------------------------------
    # Constraints and indexes
    # ------------------------------------------------------------

    _one_open_per_account = models.UniqueIndex(
        "(partner_id) WHERE state IN ('open', 'in_progress') AND active",
        "This account already has an open retention case.")

    @api.constrains('revenue_at_risk', 'retained_revenue')
    def _check_amounts(self):
        for case in self:
            if case.revenue_at_risk < 0 or case.retained_revenue < 0:
                raise ValidationError(self.env._("Revenue amounts of a case cannot be negative."))

    @api.constrains('partner_id')
    def _check_partner(self):
        if any(not case.partner_id.sudo().kam_is_key_account for case in self):
            raise ValidationError(self.env._("Retention cases are for key accounts."))

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('revenue_at_risk', 'retained_revenue', 'action_ids.cost')
    def _compute_outcome(self):
        for case in self:
            case.action_cost = sum(case.action_ids.mapped('cost'))
            case.retention_rate = (100.0 * case.retained_revenue / case.revenue_at_risk
                                   if case.revenue_at_risk else 0.0)

    @api.depends('name', 'partner_id')
    def _compute_display_name(self):
        for case in self:
            case.display_name = f"{case.name} {case.partner_id.name or ''}".strip()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env['res.partner'].sudo()
        accounts = Partner.browse([vals.get('partner_id') for vals in vals_list if vals.get('partner_id')])
        # opened only on accounts the caller works on, checked on the account
        accounts.with_env(self.env)._kam_check_account_rights()
        existing = self.sudo().search([('partner_id', 'in', accounts.ids), ('state', 'in', OPEN_STATES)])
        if existing or len(accounts) < len([v for v in vals_list if v.get('partner_id')]):
            raise UserError(self.env._(
                "This account already has an open retention case: %(case)s.",
                case=existing[:1].name or accounts[:1].name))
        for vals in vals_list:
            vals['name'] = self.env['ir.sequence'].sudo().next_by_code('kam.retention.case')
            account = Partner.browse(vals.get('partner_id'))
            vals.setdefault('user_id', account.kam_manager_id.id)
            vals.setdefault('revenue_at_risk', account.kam_monthly_revenue)
            if account.kam_currency_id:
                vals.setdefault('currency_id', account.kam_currency_id.id)
            vals.update(account._kam_health_snapshot())
            days = account.kam_tier_id.retention_response_days or 7
            vals.setdefault('date_deadline', fields.Date.context_today(self) + timedelta(days=days))
        cases = super().create(vals_list)
        cases._kam_schedule_response()
        return cases

    def write(self, vals):
        if 'partner_id' in vals and any(case.state in CLOSED_STATES for case in self):
            raise UserError(self.env._("The account of a closed retention case cannot change."))
        # (a status written by hand is refused by the state guard, with its own message)
        if set(vals) - CLOSED_WRITABLE - {'state', 'kam_ever_confirmed'}:
            self._kam_check_open()
        return super().write(vals)

    def _kam_check_open(self):
        """A closed case is its record: only its buttons (reopen) and the
        jobs (sudo) change it; people reopen it first."""
        if not self.env.su and any(case.state in CLOSED_STATES for case in self):
            raise UserError(self.env._("A closed retention case cannot be changed: reopen it first."))

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    @api.model
    def _kam_open_for(self, accounts, trigger='manual'):
        """The open case of each account, opening one where there is none:
        never a second open case for an account."""
        accounts = accounts.filtered('kam_is_key_account')
        if not accounts:
            return self.browse()
        existing = self.sudo().search([('partner_id', 'in', accounts.ids),
                                       ('state', 'in', OPEN_STATES)])
        missing = accounts - existing.partner_id
        created = self.create([{'partner_id': account.id, 'trigger': trigger}
                               for account in missing]) if missing else self.browse()
        return (existing.with_env(self.env) | created)

    def _kam_schedule_response(self):
        activity_type = self.env.ref('key_account_management.mail_activity_type_kam_retention')
        cases = self.filtered('user_id').sudo()
        for lang, group in cases.grouped(lambda c: c.user_id.lang or self.env.lang).items():
            env = group.with_context(lang=lang).env
            schedule_activities(group, activity_type, lambda case, env=env: {
                'user_id': case.user_id.id,
                'summary': env._("Save the account: %(score)s / 100", score=case.score_at_open),
                'note': case.factor_summary,
                'date_deadline': case.date_deadline,
            })

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_start(self):
        self._kam_check_state(('open',), self.env._("Starting"))
        self._kam_move_state({'state': 'in_progress'})
        return True

    def action_retained(self):
        self._kam_check_state(OPEN_STATES, self.env._("Closing as retained"))
        if any(case.retained_revenue <= 0 for case in self):
            raise UserError(self.env._(
                "Enter the monthly revenue kept before closing the case as retained."))
        self._kam_close('retained')
        return True

    def action_partly_retained(self):
        self._kam_check_state(OPEN_STATES, self.env._("Closing as partly retained"))
        if any(not 0 < case.retained_revenue < case.revenue_at_risk for case in self):
            raise UserError(self.env._(
                "A partly retained case keeps some of the revenue at risk, not none and not "
                "all: enter the monthly revenue kept."))
        self._kam_close('partly_retained')
        return True

    def action_lost(self):
        self._kam_check_state(OPEN_STATES, self.env._("Closing as lost"))
        if any(not (case.lost_reason or '').strip() for case in self):
            raise UserError(self.env._("Say why the customer was lost before closing the case."))
        self._kam_close('lost')
        return True

    def action_reopen(self):
        self._kam_check_state(CLOSED_STATES, self.env._("Reopening"))
        others = self.sudo().search([('partner_id', 'in', self.partner_id.ids),
                                     ('state', 'in', OPEN_STATES), ('id', 'not in', self.ids)])
        if others:
            # whoever may reopen this case works on the account: its other
            # case is one they read
            raise UserError(self.env._(
                "This account already has an open retention case: %(case)s.",
                case=others[:1].name))
        self._kam_move_state({'state': 'in_progress', 'date_closed': False})
        return True

    def _kam_close(self, state):
        self._kam_move_state({'state': state, 'date_closed': fields.Date.context_today(self)})
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(
                'key_account_management.mail_activity_type_kam_retention')).sudo().unlink()
