from odoo import api, fields, models
from odoo.exceptions import UserError

from .kam_service_request import OPEN_STATES
from .kam_tools import lang_groups, mark_failed, prefetch_people, process_in_chunks, schedule_activities

LATE_ACTIVITY = 'key_account_management.mail_activity_type_kam_step_late'


class KamServiceRequestStep(models.Model):
    """A provisioning step of a work order (survey, design, construction,
    test, hand-over), copied from its type's template when the order is
    submitted: owned by a department whose head sees and closes it in the
    Department Work app, as he does the lines of delivery projects, with a
    deadline planned from the steps it waits for and its own SLA."""
    _name = 'kam.service.request.step'
    _description = "Provisioning Step"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.account.rule.mixin',
                'kam.department.work.mixin']
    _order = 'request_id, sequence, id'
    _kam_account_moving_fields = ('request_id',)
    _kam_bookkeeping_fields = frozenset({'done_at', 'escalation_failed_date'})

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    request_id = fields.Many2one(
        'kam.service.request', "Work Order", required=True, index=True, ondelete='cascade',
        help="The work order this step provisions.")
    template_id = fields.Many2one(
        'kam.step.template', "Template Step", index='btree_not_null', ondelete='set null',
        help="The step of the work-order type's template this one was copied from.")
    sequence = fields.Integer(default=10, help="Order of the step in the work order.")
    name = fields.Char(
        "Step Name", required=True, tracking=True,
        help="What is done in this step; the customer sees it in the portal.")
    company_id = fields.Many2one(
        related='request_id.company_id', store=True, index=True,
        help="Company of the work order.")
    partner_id = fields.Many2one(
        related='request_id.partner_id', store=True, string="Customer",
        help="Customer of the work order.")
    request_user_id = fields.Many2one(
        related='request_id.user_id', store=True, index='btree_not_null',
        string="Work Order Assignee",
        help="Employee handling the work order: plans its steps.")
    request_state = fields.Selection(
        related='request_id.state', string="Work Order Status",
        help="Status of the work order.")
    sla_value = fields.Integer(
        "SLA", readonly=True,
        help="Time the department has for the step once the steps it waits for are done.")
    sla_unit = fields.Selection(
        [('hours', "Working Hours"), ('days', "Days")], "SLA Unit", readonly=True,
        default='days', help="Unit of the step's SLA.")
    predecessor_ids = fields.Many2many(
        'kam.service.request.step', 'kam_service_request_step_predecessor_rel',
        'step_id', 'predecessor_id', "Waits For", readonly=True,
        help="Steps of the same work order that must be done before this one starts.")
    date_start = fields.Datetime(
        "Planned Start", readonly=True, copy=False,
        help="When the step may start: the submission, or when the steps it waits for are "
             "done (or due).")
    date_deadline = fields.Datetime(
        "Deadline", readonly=True, copy=False, index='btree_not_null', tracking=True,
        help="Planned start plus the step's SLA; replanned when a step it waits for closes.")
    done_at = fields.Datetime(
        "Closed At", readonly=True, copy=False,
        help="When the department closed the step; the steps waiting for it count from here.")
    is_late = fields.Boolean(
        "Late", compute='_compute_is_late',
        help="Open past its deadline, or closed after it.")
    can_plan = fields.Boolean(
        compute='_compute_can_plan',
        help="The user handles the work order: beyond reporting, they plan its steps.")
    escalated_at = fields.Datetime(
        "Escalated on", readonly=True, copy=False, groups='base.group_user',
        help="When the late step was escalated to its owner (once).")
    escalation_failed_date = fields.Date(
        "Escalation Failed On", readonly=True, copy=False, groups='base.group_user',
        help="The escalation job could not process this step on that day; it tries again "
             "when the step is changed.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('date_deadline', 'done_at', 'status')
    def _compute_is_late(self):
        now = fields.Datetime.now()
        for step in self:
            end = step.done_at if step.status == 'done' else now
            step.is_late = bool(step.date_deadline and end and end > step.date_deadline)

    @api.depends_context('uid')
    def _compute_can_plan(self):
        writable = self.request_id._origin._filtered_access('write')
        for step in self:
            step.can_plan = step.request_id._origin in writable

    @api.depends('request_id.name', 'name')
    def _compute_display_name(self):
        for step in self:
            step.display_name = " / ".join(filter(None, [step.request_id.name, step.name]))

    @api.model
    def _mail_get_partner_fields(self, introspect_fields=False):
        # steps are discussed inside the operator, not with the customer
        return []

    def _kam_planner_label(self):
        return self.env._("the work order's assignee")

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if 'status' in vals and not self.env.context.get('kam_step_action') and not self.env.su:
            raise UserError(self.env._(
                "A step's status changes only through its buttons (start, close, blocked)."))
        if not self.env.su and 'escalation_failed_date' not in vals:
            vals = dict(vals, escalation_failed_date=False)
        return super().write(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def _kam_set_status(self, vals):
        return self.with_context(kam_step_action=True).write(vals)

    def action_start(self):
        self._kam_check_open()
        self._kam_set_status({'status': 'in_progress'})
        return True

    def action_block(self):
        self._kam_check_open()
        if self.filtered(lambda s: not s.delay_reason_id):
            raise UserError(self.env._("Choose the delay reason before marking a step blocked."))
        self._kam_set_status({'status': 'blocked'})
        self._kam_log_on_request()
        return True

    def action_close(self):
        """The department is done: late steps need their delay reason; the
        steps waiting for this one are planned from now on."""
        self._kam_check_open()
        # the steps waited for may belong to other departments
        waiting = self.sudo().filtered(lambda s: s.predecessor_ids.filtered(
            lambda p: p.status != 'done' and p not in self))
        if waiting:
            raise UserError(self.env._(
                "%(step)s waits for steps that are not closed yet.",
                step=waiting[0].with_env(self.env).display_name))
        now = fields.Datetime.now()
        late = self.filtered(lambda s: s.date_deadline and s.date_deadline < now)
        if late.filtered(lambda s: not s.delay_reason_id):
            raise UserError(self.env._(
                "%(step)s is past its deadline: give its delay reason before closing it.",
                step=late.filtered(lambda s: not s.delay_reason_id)[0].display_name))
        self._kam_set_status({'status': 'done', 'done_at': now})
        self.sudo().activity_unlink([LATE_ACTIVITY])
        self.request_id.sudo()._kam_plan_steps()
        self._kam_log_on_request()
        return True

    def _kam_check_open(self):
        closed = self.filtered(lambda s: s.status == 'done'
                               or s.sudo().request_id.state not in OPEN_STATES)
        if closed:
            raise UserError(self.env._(
                "%(step)s is closed, or its work order is no longer open.",
                step=closed[0].display_name))

    def _kam_log_on_request(self):
        """The work order's chatter tells its team which department closed
        or blocked a step (department heads may not post there otherwise)."""
        for step in self:
            if step.status == 'done':
                body = self.env._("%(department)s closed the step %(step)s.",
                                  department=step.department_id.name, step=step.name)
            else:
                body = self.env._("%(department)s is blocked on the step %(step)s (%(reason)s).",
                                  department=step.department_id.name, step=step.name,
                                  reason=step.delay_reason_id.name)
            step.request_id.sudo().message_post(
                body=body, subtype_xmlid='mail.mt_note', author_id=self.env.user.partner_id.id)

    # ------------------------------------------------------------
    # Job: late steps escalate once
    # ------------------------------------------------------------

    @api.model
    def _kam_late_domain(self, now):
        return [('status', '!=', 'done'), ('date_deadline', '<', now),
                ('escalated_at', '=', False), ('escalation_failed_date', '=', False),
                ('request_id.state', 'in', list(OPEN_STATES))]

    def _kam_escalate(self, now):
        """One activity per late step for its owner (else the work order's
        assignee), in his language; flagged in the same transaction, so that
        a rerun finds nothing. A chunk costs the same queries whatever its size."""
        self.sudo().with_context(tracking_disable=True).write({'escalated_at': now})
        fallback = self.env.ref('key_account_management.group_kam_manager').sudo().all_user_ids \
            .filtered(lambda u: u.active and not u.share)[:1]
        owner = {step.id: (step.user_id or step.request_user_id or fallback).filtered('active')[:1]
                 for step in self}
        steps = self.filtered(lambda s: owner[s.id])
        prefetch_people(self.env['res.users'].union(*owner.values()))
        self.request_id.mapped('name')
        activity_type = self.env.ref(LATE_ACTIVITY)
        today = fields.Date.context_today(self)
        for lang, group in lang_groups(steps, lambda s: owner[s.id].lang).items():
            env = self.with_context(lang=lang).env
            summary = env._("Provisioning step past its deadline")
            note = env._("Close the step, or give its delay reason and mark it blocked.")
            schedule_activities(group, activity_type, lambda step, summary=summary, note=note: {
                'user_id': owner[step.id].id, 'summary': summary, 'note': note,
                'date_deadline': today})

    @api.model
    def _cron_kam_step_escalate(self, batch_size=200):
        """Every hour: escalate each late provisioning step once, a chunk
        at a time, committed after each chunk; a step that fails is skipped
        until changed and its work order's assignee is told."""
        now = fields.Datetime.now()
        return process_in_chunks(
            self.sudo(), self._kam_late_domain(now),
            lambda steps: steps._kam_escalate(now), batch_size,
            on_failure=lambda step, error: mark_failed(
                step, error, 'escalation_failed_date', step.sudo().request_user_id,
                lambda env: env._("The provisioning step escalation")))
