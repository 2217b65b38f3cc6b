from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_bulk_mail import log_notes, render_each
from .kam_contract import (
    DEFAULT_MAX_ORIGINAL_MB,
    OPEN_STATES,
    REMINDER_FIELDS,
    parse_reminder_steps,
    reminder_values,
)
from .kam_contract_reminder import NOTICE_STEP
from .kam_tools import int_param, lang_groups, mark_failed, process_in_chunks, schedule_activities


class KamContract(models.Model):
    """Contracts over time: renewal, expiry reminders, states and the daily job."""
    _inherit = 'kam.contract'

    # ------------------------------------------------------------
    # Business: renewal
    # ------------------------------------------------------------

    def _kam_renew(self, date_start, date_end, amount=None):
        """Draft copy of the contract for the next term, lines moved to the
        new dates; the old contract is marked renewed when it is confirmed."""
        self.ensure_one()
        if self.renewal_id:
            raise UserError(self.env._("%(contract)s is already renewed by %(renewal)s.",
                                       contract=self.display_name,
                                       renewal=self.renewal_id.display_name))
        shift = relativedelta(date_start, self.date_start)
        renewal = self.copy({
            'date_start': date_start,
            'date_end': date_end,
            'amount': self.amount if amount is None else amount,
            'previous_contract_id': self.id,
            'line_ids': [],
        })
        renewal.line_ids = [fields.Command.create({
            'product_id': line.product_id.id,
            'name': line.name,
            'quantity': line.quantity,
            'monthly_fee': line.monthly_fee,
            'date_start': line.date_start and max(line.date_start + shift, date_start),
            'date_end': line.date_end and min(line.date_end + shift, date_end),
        }) for line in self.line_ids]
        self.renewal_id = renewal
        return renewal

    def _kam_auto_renew(self):
        """Renew each contract of ``self`` for its renewal term and confirm
        the renewal; both chatters say so."""
        for contract in self:
            start = contract.date_end + timedelta(days=1)
            end = start + relativedelta(months=contract.renewal_months or 12) - timedelta(days=1)
            renewal = contract._kam_renew(start, end)
            renewal.action_confirm()
            renewal.message_post(body=self.env._(
                "Created by the automatic renewal of %s.", contract._get_html_link()))
            contract.message_post(body=self.env._(
                "Renewed automatically at its end date, until %(end)s: %(renewal)s.",
                end=end, renewal=renewal._get_html_link()))

    # ------------------------------------------------------------
    # Business: reminders and states
    # ------------------------------------------------------------

    @api.model
    def _kam_max_original_mb(self):
        return int_param(self.env, 'key_account_management.contract_max_original_mb',
                         DEFAULT_MAX_ORIGINAL_MB, minimum=1)

    @api.depends(*REMINDER_FIELDS)
    def _compute_reminder_steps(self):
        for contract in self:
            contract.reminder_steps = ",".join(str(days) for days in contract._kam_reminder_days())

    def _inverse_reminder_steps(self):
        for contract in self:
            try:
                steps = parse_reminder_steps(contract.reminder_steps)
            except ValueError:
                raise ValidationError(self.env._(
                    "Reminder steps must be at most three whole numbers of days separated by "
                    "commas, such as 90,60,30 (not “%s”).", contract.reminder_steps)) from None
            contract.write(reminder_values(steps))

    def _kam_reminder_days(self):
        """The contract's reminder steps in days, largest first, without 0."""
        self.ensure_one()
        return sorted({self[fname] for fname in REMINDER_FIELDS if self[fname]}, reverse=True)

    def _kam_reminder_schedule(self):
        """[(step key, date)] of every reminder of the contract."""
        self.ensure_one()
        schedule = [(str(days), self.date_end - timedelta(days=days)) for days in self._kam_reminder_days()]
        if self.notice_days:
            schedule.append((NOTICE_STEP, self.date_end - timedelta(days=self.notice_days)))
        return schedule

    def _kam_pending_reminders(self):
        done = set(self.reminder_ids.mapped('step'))
        return [(key, day) for key, day in self._kam_reminder_schedule() if key not in done]

    def _kam_rearm_reminders(self):
        """After a change of end date or steps: the steps sent but not yet
        reached at their new dates are archived, so they go out again then;
        an expiring contract with no step due any more is active again.
        Steps due earlier than before simply go out at the next run."""
        today = fields.Date.context_today(self)
        for contract in self:
            schedule = dict(contract._kam_reminder_schedule())
            # the job's bookkeeping: archived whoever changed the contract
            contract.reminder_ids.sudo().filtered(
                lambda r, schedule=schedule: schedule.get(r.step, today) > today).active = False
            if contract.state == 'expiring' and contract._kam_expiring_date() > today:
                # no step due any more: the job's own state move, not the caller's
                contract.sudo().state = 'active'

    def _kam_expiring_date(self):
        """From this day on the contract is expiring: its earliest reminder."""
        days = [day for _key, day in self._kam_reminder_schedule()]
        return min(days) if days else self.date_end

    def _kam_process_due(self, today):
        """Move the states of ``self`` to ``today`` and send the reminders
        that are due, each step once: the steps due are recorded in the same
        transaction as the state, so a rerun finds nothing more to do. When
        several steps fell due together (a late start, a day without the
        job), one reminder speaks for the nearest of them. States are written
        grouped by value and their change logged in one batch: a chunk costs
        the same queries whatever its size."""
        template = self.env.ref('key_account_management.mail_template_kam_contract_reminder')
        activity_type = self.env.ref('key_account_management.mail_activity_type_kam_contract_renewal')
        reminded = self.browse()
        to_renew = self.browse()
        sent = []
        new_states = {}
        for contract in self:
            due = [(key, day) for key, day in contract._kam_pending_reminders() if day <= today]
            if contract.date_end < today:
                if contract.auto_renew and not contract.renewal_id:
                    to_renew |= contract
                new_states[contract.id] = 'expired'
            elif contract.state == 'active' and contract._kam_expiring_date() <= today:
                new_states[contract.id] = 'expiring'
            if due:
                sent.extend({'contract_id': contract.id, 'step': key, 'date_due': day,
                             'date_end': contract.date_end} for key, day in due)
                if contract.date_end >= today:
                    reminded |= contract
        changed = self.browse(list(new_states))
        for state, contracts in changed.grouped(lambda c: new_states[c.id]).items():
            contracts.sudo().with_context(mail_notrack=True).write({'state': state})
        self.env['kam.contract.reminder'].sudo().create(sent)
        for lang, contracts in lang_groups(changed, lambda c: c.user_id.lang).items():
            env = self.with_context(lang=lang).env
            labels = dict(self._fields['state']._description_selection(env))
            log_notes(contracts, {contract.id: env._(
                "Status: %(state)s (daily contract job).", state=labels[contract.state])
                for contract in contracts})
        if reminded:
            reminded._kam_send_reminders(template, activity_type, today)
        if to_renew:
            # Expired first, then renewed by the confirmation of the renewal.
            to_renew._kam_auto_renew()
        return reminded

    def _kam_send_reminders(self, template, activity_type, today):
        """Log the reminder of the template and schedule the renewal
        activity, both in each manager's language, in one batch per language."""
        bodies = render_each(template, 'body_html', self)
        for lang, contracts in lang_groups(self, lambda c: c.user_id.lang).items():
            env = self.with_context(lang=lang).env
            subject = env._("Contract expiry reminder")
            log_notes(contracts, {cid: body for cid, body in bodies.items() if cid in contracts.ids},
                      subject=subject)

            def values(contract, env=env):
                if contract.notice_passed:
                    note = env._("The notice deadline (%(date)s) has passed: agree the renewal "
                                 "or the end of the contract with the customer.",
                                 date=contract.notice_date)
                elif contract.notice_date:
                    note = env._("Give notice by %(date)s at the latest.", date=contract.notice_date)
                else:
                    note = env._("Agree the renewal with the customer, or plan its termination.")
                return {
                    'user_id': contract.user_id.id or self.env.user.id,
                    'summary': env._("Contract %(number)s ends on %(end)s",
                                     number=contract.name, end=contract.date_end),
                    'note': note,
                    'date_deadline': min(today + timedelta(days=activity_type.delay_count or 7),
                                         contract.date_end),
                }
            schedule_activities(contracts, activity_type, values)
            self.env['res.users']._kam_sms_reminders([(
                contract.user_id, contract.company_id,
                env._("Contract %(number)s of %(account)s ends on %(end)s: agree its renewal "
                      "with the customer.", number=contract.name,
                      account=contract.partner_id.name, end=contract.date_end),
            ) for contract in contracts if contract.user_id])

    def _kam_job_failed(self, error):
        mark_failed(self, error, 'job_failed_date', self.user_id,
                    lambda env: env._("The daily contract job"))

    @api.model
    def _cron_kam_contract_reminders(self, batch_size=200):
        """Daily: reminders and state changes of every open contract whose
        next check has come, a chunk at a time, committed after each chunk.
        A contract that fails (e.g. an automatic renewal that cannot be
        confirmed) is skipped until changed, and its manager told why."""
        today = fields.Date.context_today(self)
        process_in_chunks(
            self, [('state', 'in', OPEN_STATES), ('next_check_date', '<=', today),
                   ('job_failed_date', '=', False)],
            lambda contracts: contracts._kam_process_due(today), batch_size,
            on_failure=lambda contract, error: contract._kam_job_failed(error))
