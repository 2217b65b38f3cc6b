from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_input import check_input
from .kam_sms_text import render_placeholders, signed_content, sms_encoding, sms_segments, with_opt_out
from .res_partner import KAM_MANAGER

READY_STATES = ('ready',)
SKIPPED_STATES = ('invalid', 'optout', 'duplicate', 'noconsent')


class KamSmsSend(models.Model):
    """A group SMS (群发短信) to the contacts or the group members of one or
    more key accounts, kept with one line per recipient and its status.

    Odoo's ``sms.composer`` sends to records of one model at once and keeps
    no history of its own; a group send needs members (not partners),
    a preview of count and cost, a background job that resumes after a
    crash and a status per recipient, so it has its own record and sends
    through Odoo's ``sms.sms`` (and the company's provider)."""
    _name = 'kam.sms.send'
    _description = "Group SMS"
    _inherit = ['mail.thread', 'kam.state.guard.mixin']
    _order = 'id desc'
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        "Subject", required=True, tracking=True,
        help="What the SMS is about, for the history (not sent).")
    user_id = fields.Many2one(
        'res.users', "Sent By", required=True, readonly=True, index=True,
        default=lambda self: self.env.user,
        help="Who composed and sent the SMS; a Key Accounts user may only send to the "
             "recipients of the accounts he manages or serves.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, readonly=True,
        default=lambda self: self.env.company,
        help="Company whose SMS provider sends the messages.")
    currency_id = fields.Many2one(related='company_id.currency_id', string="Currency",
        help="Currency of the cost estimate.")
    account_ids = fields.Many2many(
        'res.partner', 'kam_sms_send_account_rel', 'send_id', 'partner_id', "Accounts",
        required=True, domain=[('is_company', '=', True), ('kam_is_key_account', '=', True)],
        help="The key accounts whose contacts or group members get the SMS (with their "
             "subsidiaries).")
    audience = fields.Selection([
        ('contacts', "Contacts"),
        ('members', "Group Members"),
        ('selected', "Selected Members"),
    ], "Recipients", required=True, default='contacts',
        help="Contacts: the people recorded under the accounts and their subsidiaries. "
             "Group members: the active members enrolled in the accounts' groups. Selected "
             "members: the members chosen in the group members list.")
    purpose = fields.Selection([
        ('service', "Service Message"),
        ('marketing', "Marketing"),
    ], required=True, default='service', tracking=True,
        help="Service messages (maintenance notices, work orders, reminders) go to every "
             "valid number. Marketing messages (offers, campaigns) go only to the numbers "
             "with a consent to marketing SMS not withdrawn; the others are skipped as "
             "\"No Consent\".")
    member_ids = fields.Many2many(
        'kam.member', 'kam_sms_send_member_rel', 'send_id', 'member_id', "Members",
        help="The group members who get the SMS, when sent to selected members.")
    body = fields.Text(
        "Message", required=True,
        help="The text sent; {name} becomes the recipient's name and {company} his company. "
             "The company's signature is put before it and the opt-out text after it.")
    state = fields.Selection([
        ('draft', "Draft"),
        ('queued', "Sending"),
        ('done', "Done"),
        ('cancel', "Cancelled"),
    ], "Status", default='draft', required=True, readonly=True, copy=False, tracking=True,
        index=True,
        help="Draft while composed; Sending while the background job sends it in batches; "
             "Done when every recipient has a result.")
    date_sent = fields.Datetime(
        "Sent On", readonly=True, copy=False, help="When Send was pressed.")
    recipient_ids = fields.One2many(
        'kam.sms.recipient', 'send_id', "Recipient Lines", readonly=True,
        help="One line per recipient with the number, the text and the status.")

    # ---- preview ----
    signature = fields.Char(related='company_id.kam_sms_signature', string="Signature",
        help="The company's SMS signature, put before every message.")
    preview = fields.Text(
        compute='_compute_preview',
        help="The message as the first recipient gets it, signature included.")
    char_count = fields.Integer(
        "Characters", compute='_compute_preview',
        help="Characters of the preview, signature included.")
    encoding = fields.Selection([
        ('gsm7', "GSM-7 (160 per SMS, 153 when split)"),
        ('ucs2', "Unicode (70 per SMS, 67 when split)"),
    ], compute='_compute_preview',
        help="Any Chinese character makes the whole SMS Unicode.")
    segment_count = fields.Integer(
        "Segments per SMS", compute='_compute_preview',
        help="Billed parts of the preview message.")
    recipient_count = fields.Integer(
        "To Send", compute='_compute_counts',
        help="Recipients with a valid mobile number that get the SMS.")
    skipped_count = fields.Integer(
        "Skipped", compute='_compute_counts',
        help="Recipients left out: invalid number, opted out or a duplicate number.")
    no_consent_count = fields.Integer(
        "Skipped: No Consent", compute='_compute_counts',
        help="Recipients of a marketing SMS left out because their number has no consent to "
             "marketing SMS.")
    sent_count = fields.Integer(
        "Sent", compute='_compute_counts', help="Recipients the gateway took the SMS for.")
    delivered_count = fields.Integer(
        "Delivered", compute='_compute_counts',
        help="Recipients whose handset confirmed the SMS.")
    failed_count = fields.Integer(
        "Failed", compute='_compute_counts', help="Recipients the SMS could not reach.")
    total_segments = fields.Integer(
        compute='_compute_counts',
        help="Segments billed for all the recipients to send to.")
    cost = fields.Monetary(
        "Estimated Cost", compute='_compute_counts', currency_field='currency_id',
        help="Total segments times the company's price per segment.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('body', 'signature', 'recipient_ids.name')
    def _compute_preview(self):
        for send in self:
            first = send.recipient_ids.filtered(lambda r: r.state not in SKIPPED_STATES)[:1]
            body = first.body if first else with_opt_out(render_placeholders(
                send.body, self.env._("Zhang San"), send.account_ids[:1].name or ''),
                send._kam_opt_out_text())
            text = signed_content(body or '', send.signature)
            send.preview = text
            send.char_count = len(text)
            send.encoding = sms_encoding(text)
            send.segment_count = sms_segments(text)

    @api.depends('recipient_ids.state', 'recipient_ids.segment_count')
    def _compute_counts(self):
        rows = self.env['kam.sms.recipient'].sudo()._read_group(
            [('send_id', 'in', self.ids)], ['send_id', 'state'],
            ['__count', 'segment_count:sum'])
        stats = {}
        for send, state, count, segments in rows:
            stats.setdefault(send.id, {})[state] = (count, segments)
        for send in self:
            own = stats.get(send.id, {})

            def count(*states, own=own):
                return sum(own.get(state, (0, 0))[0] for state in states)
            send.recipient_count = count('ready', 'queued', 'sent', 'delivered', 'failed')
            send.skipped_count = count(*SKIPPED_STATES)
            send.no_consent_count = count('noconsent')
            send.sent_count = count('sent', 'delivered')
            send.delivered_count = count('delivered')
            send.failed_count = count('failed')
            send.total_segments = sum(
                segments for state, (_count, segments) in own.items() if state not in SKIPPED_STATES)
            send.cost = send.total_segments * send.company_id.kam_sms_segment_price

    # ------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------

    @api.constrains('account_ids')
    def _check_account_ids(self):
        for send in self:
            wrong = send.sudo().account_ids.filtered(
                lambda p: not (p.is_company and p.kam_is_key_account))[:1]
            if wrong:
                raise ValidationError(self.env._(
                    "Group SMS go to key accounts (companies): %s is not one.",
                    wrong.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        if not self.env.su:
            for vals in vals_list:
                vals.pop('user_id', None)
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals])
        if self.filtered(lambda s: s.state != 'draft') and set(vals) & {
                'account_ids', 'audience', 'body', 'company_id', 'member_ids', 'purpose'}:
            raise UserError(self.env._("A group SMS can be changed only while it is a draft."))
        if set(vals) & {'account_ids', 'audience', 'body', 'member_ids', 'purpose'}:
            lines = self.sudo().recipient_ids
            res = super().write(vals)
            lines.unlink()  # the preview no longer matches
            return res
        return super().write(vals)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_preview(self):
        """List the recipients with their number checked, the text each
        gets and its segments: the counts and cost show on the form."""
        self._kam_check_state(('draft',), self.env._("Previewing"))
        self._kam_prepare_recipients()
        return True

    def action_send(self):
        """Queue the SMS of the recipients with a valid number: the
        background job sends them in batches."""
        self._kam_check_state(('draft',), self.env._("Sending"))
        for send in self:
            if not send.recipient_ids:
                send._kam_prepare_recipients()
            ready = send.sudo().recipient_ids.filtered(lambda r: r.state == 'ready')
            if not ready:
                raise UserError(self.env._(
                    "No recipient has a valid mobile number to send to (or, for a marketing "
                    "SMS, a consent to marketing SMS): see the skipped lines."))
            ready.write({'state': 'queued', 'next_try': fields.Datetime.now()})
            self.env['kam.processing.log']._kam_log('sms', ready, self.env._(
                "Group SMS %(sms)s sent to %(count)s recipients",
                sms=send.sudo().display_name, count=len(ready)))
        self._kam_move_state({'state': 'queued', 'date_sent': fields.Datetime.now()})
        self.env.ref('key_account_management.ir_cron_kam_sms_send')._trigger()
        return True

    def action_cancel(self):
        """Stop the SMS not yet sent; those already sent stay as they are."""
        self._kam_check_state(('draft', 'queued'), self.env._("Cancelling"))
        self.check_access('write')
        self.sudo().recipient_ids.filtered(lambda r: r.state in ('ready', 'queued')).write(
            {'state': 'cancel'})
        self._kam_move_state({'state': 'cancel'})
        return True

    def action_view_sms(self):
        """Odoo's SMS of this send (technical view, with the gateway's reasons)."""
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id('sms.sms_sms_action')
        action['domain'] = [('uuid', 'in', self.sudo().recipient_ids.mapped('sms_uuid'))]
        action['context'] = {}
        return action

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _kam_opt_out_text(self):
        """The opt-out text every group SMS ends with (Chinese carriers
        require marketing SMS to offer it), in the company's language: a
        reply "TD" puts the number on the blacklist (see the Kannel
        inbound route)."""
        self.ensure_one()
        lang = self.company_id.partner_id.lang or self.env.lang
        return self.with_context(lang=lang).env._("Reply TD to unsubscribe")

    @api.model
    def _kam_compose_action(self, name, **defaults):
        """The form of a new group SMS, with ``defaults`` (default_<field>)."""
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Send SMS"),
            'res_model': self._name,
            'view_mode': 'form',
            'views': [(False, 'form')],
            'target': 'current',
            'context': {'default_name': name, **{f'default_{k}': v for k, v in defaults.items()}},
        }

    def _kam_close_done(self):
        """Sends whose every line has its result are done."""
        sending = self.sudo().filtered(lambda s: s.state == 'queued')
        if not sending:
            return
        waiting = {send.id for [send] in self.env['kam.sms.recipient'].sudo()._read_group(
            [('send_id', 'in', sending.ids), ('state', '=', 'queued')], ['send_id'])}
        sending.filtered(lambda s: s.id not in waiting).write({'state': 'done'})

    def _kam_check_accounts(self):
        """A Key Accounts user sends only to the recipients of the accounts
        he may change (his own and team accounts, a region head's regions);
        managers to all."""
        user = self.env.user
        if self.env.su or user.has_group(KAM_MANAGER):
            return
        for account in self.sudo().account_ids:
            if not account._kam_user_may_change(user):
                raise UserError(self.env._(
                    "You can send SMS only to the recipients of your own accounts: "
                    "%s is not one of them.", account.display_name))

    def _kam_candidates(self):
        """[(name, company name, raw number, partner, member)] of the audience."""
        self.ensure_one()
        accounts = self.sudo().account_ids
        if self.audience == 'selected':
            members = self.sudo().member_ids.filtered(
                lambda m: m.state == 'active' and m.kam_account_id in accounts)
            return [(m.name, m.partner_id.name, m.mobile, False, m) for m in members]
        if self.audience == 'members':
            members = self.env['kam.member'].sudo().search(
                [('partner_id', 'child_of', accounts.ids), ('state', '=', 'active')],
                order='partner_id, name, id')
            return [(m.name, m.partner_id.name, m.mobile, False, m) for m in members]
        contacts = self.env['res.partner'].sudo().search(
            [('parent_id', 'child_of', accounts.ids), ('is_company', '=', False),
             ('type', '=', 'contact')], order='id')
        return [(c.name, c.commercial_partner_id.name, c.phone, c, False) for c in contacts]

    def _kam_prepare_recipients(self):
        self.check_access('write')
        self._kam_check_accounts()
        Recipient = self.env['kam.sms.recipient'].sudo()
        for send in self:
            send.sudo().recipient_ids.unlink()
            candidates = send._kam_candidates()
            if not candidates:
                raise UserError(self.env._(
                    "The selected accounts have no %s to send to.",
                    dict(self._fields['audience']._description_selection(self.env))[send.audience]))
            Recipient.create(Recipient._kam_values_for(send, candidates))
