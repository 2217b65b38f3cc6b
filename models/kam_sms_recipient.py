import logging
from datetime import timedelta
from uuid import uuid4

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_phone import MaskedPhone, normalize_cn_mobile
from .kam_sms_text import render_placeholders, signed_content, sms_segments, with_opt_out
from .kam_tools import process_in_chunks

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_MINUTES = 10


class KamSmsRecipient(models.Model):
    """One recipient of a group SMS: the number checked, the text he gets,
    and what became of it. Its ``sms_uuid`` is given once, when the send is
    queued, and becomes the ``uuid`` of Odoo's SMS: the key of its
    delivery reports from Kannel, the same however often the job is rerun.

    The line shows a member's (or a contact's) name and mobile: it is read
    like the member, by the manager and team of the key account serving the
    recipient's company (and its region heads, and Managers), whoever may
    read the group SMS itself. kam.account.rule.mixin keeps that account
    on the line's own row for the record rules."""
    _name = 'kam.sms.recipient'
    _description = "Group SMS Recipient"
    _inherit = ['kam.account.rule.mixin', 'kam.phone.mask.mixin']
    _kam_phone_company_field = 'account_partner_id'
    _order = 'send_id, id'
    _kam_account_field = 'account_partner_id'
    _kam_account_moving_fields = ()

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    send_id = fields.Many2one(
        'kam.sms.send', "Group SMS", required=True, index=True, ondelete='cascade',
        help="The group SMS this line belongs to.")
    company_id = fields.Many2one(
        related='send_id.company_id', store=True, index=True, string="Company",
        help="Company whose provider sends the SMS.")
    name = fields.Char(required=True, readonly=True, help="The recipient's name.")
    company_name = fields.Char(
        "Recipient Company", readonly=True, help="The company the recipient works for.")
    partner_id = fields.Many2one(
        'res.partner', "Contact", readonly=True, index='btree_not_null', ondelete='set null',
        help="The contact, when the SMS goes to the accounts' contacts.")
    member_id = fields.Many2one(
        'kam.member', "Group Member", readonly=True, index='btree_not_null',
        ondelete='set null', help="The group member, when the SMS goes to the group members.")
    account_partner_id = fields.Many2one(
        'res.partner', "Recipient's Company", compute='_compute_account_partner_id', store=True,
        index='btree_not_null',
        help="The company of the member, or of the contact: the manager and team of its key "
             "account read the line, as they read the member.")
    number = MaskedPhone(
        "Mobile", readonly=True, help="The 11-digit mobile number, or the number as recorded "
                                      "when it is not a valid one; masked (138****5678) for "
                                      "users who do not serve the recipient's key account.")
    body = fields.Text("Text", readonly=True, help="The message with the placeholders filled.")
    segment_count = fields.Integer(
        "Segments", readonly=True, aggregator='sum',
        help="Billed SMS segments of the text with the signature.")
    state = fields.Selection([
        ('ready', "Ready"),
        ('invalid', "Invalid Number"),
        ('optout', "Opted Out"),
        ('duplicate', "Duplicate"),
        ('noconsent', "No Consent"),
        ('queued', "Queued"),
        ('sent', "Sent"),
        ('delivered', "Delivered"),
        ('failed', "Failed"),
        ('cancel', "Cancelled"),
    ], "Status", required=True, default='ready', readonly=True, index=True,
        help="Ready to send; skipped (invalid number, opted out, duplicate, no consent to a "
             "marketing SMS); queued for the "
             "job; sent to the gateway; delivered to the handset; failed; or cancelled.")
    reason = fields.Char(
        readonly=True,
        help="Why the recipient was skipped, or the gateway's reason of a failure.")
    sms_uuid = fields.Char(
        "SMS Id", readonly=True, index=True, copy=False, default=lambda self: uuid4().hex,
        help="Id of the SMS at the gateway, the same on every retry.")
    attempts = fields.Integer(
        readonly=True, help="Times the SMS was handed to the gateway.")
    next_try = fields.Datetime(
        readonly=True, help="When the job sends (or retries) the SMS.")
    date_sent = fields.Datetime("Sent At", readonly=True, help="When the gateway took it.")
    handover_token = fields.Char(
        "Handover", readonly=True, copy=False, index='btree_not_null',
        help="Run of the sending job handing the SMS to the gateway, committed before the "
             "gateway sees it and cleared with its answer: a run finding the mark of a run "
             "that stopped does not hand the SMS over again.")

    _sms_uuid_unique = models.Constraint('UNIQUE(sms_uuid)', "An SMS id is used only once.")
    _queue_idx = models.Index('(next_try) WHERE state = \'queued\'')

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('member_id.partner_id', 'partner_id.commercial_partner_id')
    def _compute_account_partner_id(self):
        for line in self:
            line.account_partner_id = line.member_id.partner_id or line.partner_id.commercial_partner_id

    # ------------------------------------------------------------
    # Preparation
    # ------------------------------------------------------------

    @api.model
    def _kam_blacklisted(self, numbers):
        """The 11-digit numbers among ``numbers`` that opted out of SMS
        (Odoo's blacklist keeps them in E.164)."""
        found = self.env['phone.blacklist'].sudo().search(
            [('number', 'in', [f'+86{number}' for number in numbers if number])]).mapped('number')
        return {number[3:] for number in found}

    @api.model
    def _kam_values_for(self, send, candidates):
        """Line values of ``candidates`` ([(name, company, number, partner,
        member)]): each number checked as a Chinese mobile, opted-out and
        repeated numbers skipped with their reason, the text rendered."""
        checked = []
        for name, company, raw, partner, member in candidates:
            try:
                checked.append((name, company, raw, partner, member,
                                normalize_cn_mobile(self.env, raw), None))
            except ValidationError:
                checked.append((name, company, raw, partner, member, None,
                                self.env._("No mobile number") if not raw else
                                self.env._("Not an 11-digit Chinese mobile number")))
        valid = {number for *_rest, number, _error in checked if number}
        blacklisted = self._kam_blacklisted(valid)
        consented = self.env['kam.sms.consent']._kam_consented(valid, send.company_id) \
            if send.purpose == 'marketing' else valid
        signature = send.company_id.kam_sms_signature
        opt_out = send._kam_opt_out_text()
        seen = set()
        values = []
        for name, company, raw, partner, member, number, error in checked:
            body = with_opt_out(render_placeholders(send.body, name, company), opt_out)
            state, reason = 'ready', False
            if error:
                state, reason = 'invalid', error
            elif number in blacklisted:
                state, reason = 'optout', self.env._("The number opted out of SMS (blacklist)")
            elif number in seen:
                state, reason = 'duplicate', self.env._("Same number as an earlier recipient")
            elif number not in consented:
                state, reason = 'noconsent', self.env._("No consent to marketing SMS recorded")
            if number:
                seen.add(number)
            values.append({
                'send_id': send.id, 'name': name, 'company_name': company,
                'partner_id': partner.id if partner else False,
                'member_id': member.id if member else False,
                'number': number or raw or False, 'body': body, 'state': state, 'reason': reason,
                'segment_count': sms_segments(signed_content(body, signature)),
            })
        return values

    # ------------------------------------------------------------
    # Job
    # ------------------------------------------------------------

    @api.model
    def _kam_queue_domain(self, now):
        return [('state', '=', 'queued'), ('next_try', '<=', now)]

    def _kam_send_batch(self, now):
        """Send ``self`` (queued lines) through Odoo's SMS and the company's
        provider and take over each result. Each line's SMS carries the
        line's uuid, which names it in Kannel's delivery reports; an SMS
        already handed over is never handed over again."""
        SmsSudo = self.env['sms.sms'].sudo()
        existing_sms = SmsSudo.search([('uuid', 'in', self.mapped('sms_uuid'))])
        existing = existing_sms.grouped('uuid')
        # opted out since the preview: never sent
        blacklisted = self._kam_blacklisted(self.mapped('number'))
        opted_out = self.filtered(lambda line: line.number in blacklisted
                                  and line.sms_uuid not in existing)
        if opted_out:
            opted_out.write({'state': 'optout', 'handover_token': False,
                             'reason': self.env._("The number opted out of SMS (blacklist)")})
        # a marketing SMS whose consent was withdrawn since the preview: never sent
        marketing = self.filtered(lambda line: line.send_id.purpose == 'marketing'
                                  and line.sms_uuid not in existing) - opted_out
        consented = set()
        for company, company_lines in marketing.grouped('company_id').items():
            consented |= {(company.id, number) for number in self.env['kam.sms.consent']
                          ._kam_consented(company_lines.mapped('number'), company)}
        withdrawn = marketing.filtered(
            lambda line: (line.company_id.id, line.number) not in consented)
        if withdrawn:
            withdrawn.write({'state': 'noconsent', 'handover_token': False,
                             'reason': self.env._("No consent to marketing SMS recorded")})
        lines = self - opted_out - withdrawn
        to_create = lines.filtered(lambda line: line.sms_uuid not in existing)
        created = SmsSudo.create([{
            'uuid': line.sms_uuid, 'number': line.number, 'body': line.body,
            'partner_id': line.partner_id.id, 'kam_company_id': line.company_id.id,
        } for line in to_create])
        retry = existing_sms.filtered(
            lambda sms: sms.state == 'error' and sms.failure_type == 'sms_server')
        retry.write({'state': 'outgoing', 'failure_type': False})
        smses = created | existing_sms
        outgoing = smses.filtered(lambda sms: sms.state == 'outgoing')
        handed = set(outgoing.mapped('uuid'))
        for attempts, tried in lines.filtered(lambda ln: ln.sms_uuid in handed).grouped(
                'attempts').items():
            tried.write({'attempts': attempts + 1})
        outgoing.send(unlink_failed=False, unlink_sent=False, raise_exception=False)
        lines._kam_take_results(smses.grouped('uuid'), now)
        (opted_out | withdrawn).send_id._kam_close_done()

    def _kam_take_results(self, sms_by_uuid, now):
        labels = dict(self.env['sms.sms']._fields['failure_type']._description_selection(self.env))
        updates = {}
        finished = []
        for line in self:
            sms = sms_by_uuid.get(line.sms_uuid)
            state = sms.state if sms else 'outgoing'
            if state in ('pending', 'process'):
                vals = {'state': 'sent', 'reason': False, 'date_sent': now}
            elif state == 'sent':
                vals = {'state': 'delivered', 'reason': False, 'date_sent': line.date_sent or now}
            elif state in ('error', 'canceled'):
                reason = sms.kam_failure_reason or labels.get(sms.failure_type) \
                    or self.env._("Not sent")
                if sms.failure_type == 'sms_server' and line.attempts < MAX_ATTEMPTS:
                    vals = {'reason': reason,
                            'next_try': now + timedelta(minutes=RETRY_MINUTES * line.attempts)}
                else:
                    vals = {'state': 'failed', 'reason': reason}
            else:  # still outgoing: another worker holds it, look again soon
                vals = {'next_try': now + timedelta(minutes=1)}
            if vals.get('state') in ('delivered', 'failed') and sms:
                finished.append(sms.id)
            vals['handover_token'] = False
            updates.setdefault(tuple(sorted(vals.items())), []).append(line.id)
        for vals, ids in updates.items():
            self.browse(ids).write(dict(vals))
        if finished:
            # the line keeps the history: Odoo's SMS may go
            self.env['sms.sms'].sudo().browse(finished).write({'to_delete': True})
        self.send_id._kam_close_done()

    @api.model
    def _cron_kam_sms_send(self, batch_size=None):
        """Send the queued group SMS, a batch at a time, committed after each
        batch; a line whose SMS cannot be handed over is retried at most
        MAX_ATTEMPTS times, a bad number never stops the others. When lines
        wait for a retry the job is scheduled again at that time.

        Kannel's sendsms has no idempotency key: each batch is marked with
        this run's token and the mark committed before Kannel sees it, and
        the answers clear it. A line still marked when a run starts was
        being handed over when a run stopped: Kannel may have taken it, so
        it is never handed over again (at most once); its delivery report
        says whether it arrived."""
        now = fields.Datetime.now()
        Lines = self.sudo()
        cron = self.env['ir.cron']
        batch_size = batch_size or max(self.env.company.kam_sms_batch_size, 1) * 5
        Lines.search([('state', '=', 'queued'), ('handover_token', '!=', False)]) \
            ._kam_handover_interrupted(now)
        token = uuid4().hex
        done = True
        while done:
            claimed = Lines.search(self._kam_queue_domain(now) + [('handover_token', '=', False)],
                                   limit=batch_size, order='id')
            if not claimed:
                break
            claimed.write({'handover_token': token})
            cron._commit_progress(0)
            done = process_in_chunks(
                Lines, [('handover_token', '=', token)], lambda lines: lines._kam_send_batch(now),
                batch_size, on_failure=lambda line, error: line._kam_failed(error))
        following = Lines.search([('state', '=', 'queued')], order='next_try', limit=1)
        if done and following:
            self.env.ref('key_account_management.ir_cron_kam_sms_send')._trigger(following.next_try)
        return done

    def _kam_failed(self, error):
        _logger.warning("Group SMS line %s failed: %s", self.id, error)
        self.write({'state': 'failed', 'reason': str(error)[:200], 'handover_token': False})
        self.send_id._kam_close_done()

    def _kam_handover_interrupted(self, now):
        """Lines a stopped run was handing over: sent at most once, never
        again; the delivery report marks them delivered or failed."""
        if not self:
            return
        _logger.warning("Group SMS: %s lines were being handed over when the job stopped; "
                        "they are not sent again", len(self))
        self.write({'state': 'sent', 'handover_token': False, 'date_sent': now,
                    'reason': self.env._("The job stopped while handing this SMS to the gateway: "
                                         "it is not sent again, its delivery report tells "
                                         "whether it arrived.")})
        self.send_id._kam_close_done()

    # ------------------------------------------------------------
    # Delivery reports
    # ------------------------------------------------------------

    @api.model
    def _kam_status_from_gateway(self, uuid_states, company):
        """Delivery reports ``{uuid: (state, reason)}`` of ``company``'s
        gateway, for its own sends only: delivered lines stay delivered, a
        report seen twice changes nothing."""
        lines = self.sudo().search([('sms_uuid', 'in', list(uuid_states)),
                                    ('send_id.company_id', '=', company.id)])
        for (state, reason), group in lines.grouped(lambda line: uuid_states[line.sms_uuid]).items():
            if state == 'delivered':  # failed is final too
                group.filtered(lambda line: line.state not in ('delivered', 'failed')).write(
                    {'state': 'delivered', 'reason': False})
            else:
                group.filtered(lambda line: line.state not in ('delivered', 'failed')).write(
                    {'state': 'failed', 'reason': reason})
        lines.send_id._kam_close_done()
        return set(lines.mapped('sms_uuid'))

    def _kam_erase(self):
        """The person's name, number and text taken out of the lines (an
        erasure): the counts and costs of the send stay."""
        self.sudo().write({'name': self.env._("Erased"), 'number': False, 'body': False})
        return True
