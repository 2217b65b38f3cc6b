import pytz

from odoo import api, fields, models

from .kam_bulk_mail import log_notes
from .kam_service_request import OPEN_STATES
from .kam_tools import create_activities, lang_groups, mark_failed, prefetch_people, process_in_chunks


class KamServiceRequest(models.Model):
    """Work orders against their service level: deadlines in working hours,
    breach flags, and the job that escalates each breach once."""
    _inherit = 'kam.service.request'

    # ------------------------------------------------------------
    # Fields: SLA
    # ------------------------------------------------------------

    deadline_accept = fields.Datetime(
        "Accept by", readonly=True, copy=False, index='btree_not_null',
        help="Deadline to accept (or approve) the work order: the SLA's hours to accept, "
             "counted in the company's working hours from submission.")
    deadline_resolve = fields.Datetime(
        "Resolve by", readonly=True, copy=False, index='btree_not_null',
        help="Deadline to complete the work order: the SLA's hours to resolve, counted in "
             "working hours from submission.")
    sla_accept_breached = fields.Boolean(
        "Acceptance Late", readonly=True, copy=False,
        help="Accepted after its deadline, or still waiting past it.")
    sla_resolve_breached = fields.Boolean(
        "Resolution Late", readonly=True, copy=False,
        help="Completed after its deadline, or still open past it.")
    sla_status = fields.Selection([
        ('none', "No SLA"), ('on_time', "On Time"), ('breached', "Breached"),
    ], "SLA", compute='_compute_sla_status', store=True, index=True,
        help="Breached when a deadline was missed (flagged by the SLA job or at the step).")
    sla_success = fields.Float(
        "SLA Compliance (%)", compute='_compute_sla_status', store=True, aggregator='avg',
        help="100 for a completed work order whose deadlines were kept, 0 when one was "
             "missed; its average is the compliance rate of the completed work orders.")
    is_overdue = fields.Boolean(
        "Overdue", compute='_compute_is_overdue',
        help="Still open past a deadline it has to keep: not accepted by its accept-by time, "
             "or not completed by its resolve-by time (whether or not the SLA job ran).")
    accept_escalated_at = fields.Datetime(
        "Acceptance Escalated", readonly=True, copy=False,
        help="When the missed acceptance deadline was escalated (once).")
    resolve_escalated_at = fields.Datetime(
        "Resolution Escalated", readonly=True, copy=False,
        help="When the missed resolution deadline was escalated (once).")
    sla_job_failed_date = fields.Date(
        "SLA Job Failed", readonly=True, copy=False,
        help="Set when the SLA job could not escalate this work order; it is retried once "
             "the work order is changed.")

    @api.depends('deadline_accept', 'sla_accept_breached', 'sla_resolve_breached', 'state')
    def _compute_sla_status(self):
        for request in self:
            breached = request.sla_accept_breached or request.sla_resolve_breached
            if not request.deadline_accept:
                request.sla_status = 'none'
            else:
                request.sla_status = 'breached' if breached else 'on_time'
            request.sla_success = 0.0 if breached or request.state != 'done' else 100.0

    @api.depends('state', 'deadline_accept', 'deadline_resolve')
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for request in self:
            late_accept = request.state == 'submitted' and request.deadline_accept \
                and request.deadline_accept < now
            late_resolve = request.state in OPEN_STATES and request.deadline_resolve \
                and request.deadline_resolve < now
            request.is_overdue = bool(late_accept or late_resolve)

    def write(self, vals):
        # a change by someone makes the SLA job try again a work order it failed on
        if not self.env.su and 'sla_job_failed_date' not in vals:
            vals = dict(vals, sla_job_failed_date=False)
        return super().write(vals)

    # ------------------------------------------------------------
    # Business: deadlines
    # ------------------------------------------------------------

    def _kam_set_deadlines(self):
        """Deadlines from the submission time and the SLA of the type and
        the account's tier, in working hours of the company's schedule."""
        for request in self:
            hours = request._kam_sla_hours()
            if not hours:
                continue
            start = request.date_submitted or fields.Datetime.now()
            calendar = request.company_id.resource_calendar_id
            request.sudo().write({
                'deadline_accept': self._kam_add_working_hours(calendar, start, hours[0]),
                'deadline_resolve': self._kam_add_working_hours(calendar, start, hours[1]),
            })

    def _kam_sla_hours(self):
        """(hours to accept, hours to resolve) of this work order, or None:
        the SLA policy of its type and its account's tier."""
        self.ensure_one()
        return self.env['kam.sla.policy']._kam_find(
            self.type_id, self.sudo().tier_id, self.company_id)

    @api.model
    def _kam_add_working_hours(self, calendar, start, hours):
        """``start`` (naive UTC) plus ``hours`` working hours of ``calendar``
        (round the clock without one); naive UTC."""
        if not calendar:
            return fields.Datetime.add(start, hours=hours)
        end = calendar.plan_hours(hours, start.replace(tzinfo=pytz.utc), compute_leaves=True)
        if not end:
            return fields.Datetime.add(start, hours=hours)
        return end.astimezone(pytz.utc).replace(tzinfo=None)

    # ------------------------------------------------------------
    # Job: breaches and escalation
    # ------------------------------------------------------------

    @api.model
    def _kam_breach_domain(self, now):
        return [
            ('sla_job_failed_date', '=', False), '|',
            '&', '&', ('state', '=', 'submitted'), ('deadline_accept', '<', now),
            ('accept_escalated_at', '=', False),
            '&', '&', ('state', 'in', list(OPEN_STATES)), ('deadline_resolve', '<', now),
            ('resolve_escalated_at', '=', False),
        ]

    def _kam_escalate(self, now):
        """Flag the missed deadlines of ``self`` and escalate each once: an
        activity for the account manager and for his own manager (else the
        Key Accounts Managers), in their language. The flags are written
        in the same transaction as the activities, so a rerun finds nothing.
        A chunk costs the same queries whatever its size."""
        activity_type = self.env.ref('key_account_management.mail_activity_type_kam_sla_breach')
        accept = self.filtered(lambda r: r.state == 'submitted' and r.deadline_accept
                               and r.deadline_accept < now and not r.accept_escalated_at)
        resolve = self.filtered(lambda r: r.deadline_resolve and r.deadline_resolve < now
                                and not r.resolve_escalated_at)
        accept.sudo().write({'sla_accept_breached': True, 'accept_escalated_at': now})
        resolve.sudo().write({'sla_resolve_breached': True, 'resolve_escalated_at': now})
        escalated = accept | resolve
        if not escalated:
            return
        fallback = self.env.ref('key_account_management.group_kam_manager').sudo().all_user_ids \
            .filtered(lambda u: u.active and not u.share)
        managers = {request.id: request.sudo().kam_account_manager_id for request in escalated}
        bosses = {user.id: user.employee_id.parent_id.user_id
                  for user in self.env['res.users'].sudo().union(*managers.values())}
        # each order's people are a recordset of their own below (manager |
        # boss): what is read of them is read here for all, in one query
        prefetch_people(self.env['res.users'].union(*managers.values(), *bosses.values(), fallback))
        model_id = self.env['ir.model']._get_id(self._name)
        today = fields.Date.context_today(self)
        texts = {}
        activities = []
        for request in escalated:
            manager = managers[request.id]
            users = (manager | bosses.get(manager.id, manager.browse())).filtered(
                lambda u: u.active and not u.share) or fallback
            late_accept = request in accept
            for user in users:
                lang = user.lang or self.env.lang or 'en_US'
                if lang not in texts:
                    env = self.with_context(lang=lang).env
                    texts[lang] = (env._("Work order %(order)s is past its SLA"),
                                   env._("It was not accepted in time (due %(date)s)."),
                                   env._("It was not completed in time (due %(date)s)."))
                summary, accept_note, resolve_note = texts[lang]
                activities.append({
                    'activity_type_id': activity_type.id, 'res_model_id': model_id,
                    'res_id': request.id, 'automated': True, 'user_id': user.id,
                    'summary': summary % {'order': request.name},
                    'note': (accept_note if late_accept else resolve_note) % {
                        'date': request.deadline_accept if late_accept else request.deadline_resolve},
                    'date_deadline': today,
                })
        create_activities(self.env, activities)
        self._kam_sms_escalations(escalated, accept, managers, bosses, fallback)
        for lang, requests in lang_groups(escalated, lambda r: managers[r.id].lang).items():
            env = self.with_context(lang=lang).env
            log_notes(requests.sudo(), {r.id: env._(
                "SLA breached: escalated to the account manager and his manager (SLA job).")
                for r in requests})

    def _kam_sms_escalations(self, escalated, accept, managers, bosses, fallback):
        """The same escalations by SMS to the users who asked for them,
        each in his language, in the transaction that flags the breach."""
        texts = {}
        reminders = []
        for request in escalated:
            manager = managers[request.id]
            users = (manager | bosses.get(manager.id, manager.browse())).filtered(
                lambda u: u.active and not u.share) or fallback
            for user in users.filtered(lambda u: u.sudo().kam_sms_reminders):
                lang = user.lang or self.env.lang or 'en_US'
                if lang not in texts:
                    env = self.with_context(lang=lang).env
                    texts[lang] = (
                        env._("Work order %(order)s of %(account)s was not accepted in time "
                              "(due %(date)s)."),
                        env._("Work order %(order)s of %(account)s was not completed in time "
                              "(due %(date)s)."))
                late_accept = request in accept
                text = texts[lang][0 if late_accept else 1] % {
                    'order': request.name, 'account': request.sudo().partner_id.name,
                    'date': request.deadline_accept if late_accept else request.deadline_resolve}
                reminders.append((user, request.company_id, text))
        self.env['res.users']._kam_sms_reminders(reminders)

    @api.model
    def _cron_kam_sla_escalate(self, batch_size=200):
        """Every hour: flag the work orders past a deadline and escalate each
        breach once, a chunk at a time, committed after each chunk. A work
        order that fails is skipped until changed; the administrators are told."""
        now = fields.Datetime.now()
        process_in_chunks(
            self.sudo(), self._kam_breach_domain(now),
            lambda requests: requests._kam_escalate(now), batch_size,
            on_failure=lambda request, error: mark_failed(
                request, error, 'sla_job_failed_date', request.sudo().kam_account_manager_id,
                lambda env: env._("The work order SLA job")))
