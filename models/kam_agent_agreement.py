from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_tools import process_in_chunks

RUNNING_STATES = ('active',)
CLOSED_STATES = ('expired', 'terminated')


class KamAgentAgreement(models.Model):
    """An agreement with an agent company (代理协议): the term, the
    commission the agent earns and the services it sells and serves. Draft
    until activated, then expired by the daily job at its end or terminated
    by hand."""
    _name = 'kam.agent.agreement'
    _description = "Agent Agreement"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.state.guard.mixin']
    _order = 'date_start desc, id desc'
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        "Number", required=True, copy=False, readonly=True, index='trigram',
        default=lambda self: self.env._("New"),
        help="Agreement number from a gap-free sequence (AG/2026/00001).")
    active = fields.Boolean(default=True, help="Archived agreements leave the lists.")
    agent_id = fields.Many2one(
        'res.partner', required=True, index=True, tracking=True, check_company=True,
        domain=[('kam_is_agent', '=', True), ('is_company', '=', True)],
        help="The agent company the agreement is signed with.")
    state = fields.Selection([
        ('draft', "Draft"),
        ('active', "Active"),
        ('expired', "Expired"),
        ('terminated', "Terminated"),
    ], "Status", default='draft', required=True, copy=False, tracking=True, index=True,
        group_expand=True,
        help="Draft until activated; then active, expired (past its end, set by the daily job) "
             "or terminated. Changed only by the buttons and the daily job.")
    date_start = fields.Date(
        "Start Date", required=True, tracking=True, default=fields.Date.context_today,
        help="First day the agreement runs.")
    date_end = fields.Date(
        "End Date", required=True, tracking=True, index=True,
        help="Last day the agreement runs; the daily job expires it the day after.")
    commission_rate = fields.Float(
        "Commission (%)", digits=(5, 2), tracking=True, aggregator='avg',
        help="Share of the revenue of the accounts it brings or serves that the agent earns, "
             "in percent (0 to 100).")
    service_category_ids = fields.Many2many(
        'kam.service.category', string="Services Covered",
        help="The service categories the agent sells and serves under this agreement; "
             "empty for all.")
    user_id = fields.Many2one(
        'res.users', "Channel Manager", tracking=True, index='btree_not_null',
        domain=[('share', '=', False)], default=lambda self: self.env.user,
        help="The employee who manages the relation with the agent.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company,
        help="Company of the operator that signed the agreement.")
    termination_reason = fields.Text(
        tracking=True,
        help="Why the agreement was ended early; required to terminate it.")
    note = fields.Html("Notes", help="Terms and remarks of the agreement.")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('date_start', 'date_end', 'commission_rate')
    def _check_terms(self):
        for agreement in self:
            if agreement.date_end <= agreement.date_start:
                raise ValidationError(self.env._("An agreement ends after it starts."))
            if not 0 <= agreement.commission_rate <= 100:
                raise ValidationError(self.env._("The commission rate is between 0 and 100 %."))

    @api.constrains('agent_id')
    def _check_agent(self):
        if any(not agreement.agent_id.sudo().kam_is_agent for agreement in self):
            raise ValidationError(self.env._("Agreements are signed with agents."))

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals['name'] = self.env['ir.sequence'].sudo().next_by_code('kam.agent.agreement') \
                or self.env._("New")
        return super().create(vals_list)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_activate(self):
        self._kam_check_state(('draft',), self.env._("Activating"))
        if any(agreement.date_end < fields.Date.context_today(self) for agreement in self):
            raise ValidationError(self.env._("An agreement that has already ended cannot be activated."))
        self._kam_move_state({'state': 'active'})
        return True

    def action_terminate(self):
        self._kam_check_state(RUNNING_STATES, self.env._("Terminating"))
        if any(not (agreement.termination_reason or '').strip() for agreement in self):
            raise ValidationError(self.env._("Say why the agreement ends before terminating it."))
        self._kam_move_state({'state': 'terminated'})
        return True

    def action_reset_draft(self):
        self._kam_check_state(CLOSED_STATES, self.env._("Resetting to draft"))
        self._kam_move_state({'state': 'draft'})
        return True

    # ------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------

    @api.model
    def _cron_kam_expire_agreements(self):
        """Expire the active agreements whose end date has passed; running it
        again changes nothing."""
        today = fields.Date.context_today(self)
        process_in_chunks(self.sudo(), [('state', '=', 'active'), ('date_end', '<', today)],
                          lambda agreements: agreements.write({'state': 'expired'}))
        return True
