from odoo import api, fields, models
from odoo.exceptions import UserError

from .kam_input import check_input
from .kam_phone import MaskedPhone, normalize_cn_mobile

CONSENT_SCOPES = [('marketing', "Marketing SMS")]


class KamSmsConsent(models.Model):
    """A person's consent to marketing SMS on a mobile number (PIPL: marketing
    messages only to who agreed): where it came from, when it was given and,
    once withdrawn, when. Service messages (work-order states, reminders)
    need none. A marketing group SMS goes only to the numbers with a consent
    not withdrawn; a withdrawal (from the member form, the portal or an SMS
    reply "TD") takes effect for the sends still queued too."""
    _name = 'kam.sms.consent'
    _description = "SMS Consent"
    _inherit = ['mail.thread', 'kam.account.rule.mixin', 'kam.phone.mask.mixin']
    _order = 'date_given desc, id desc'
    _rec_name = 'number'
    _kam_account_field = 'account_partner_id'
    _kam_account_moving_fields = ()
    # the number masked like the member's for those who do not serve the account
    _kam_phone_company_field = 'account_partner_id'
    _check_company_auto = True

    number = MaskedPhone(
        "Mobile", required=True, index=True, tracking=True,
        help="The mobile number the consent is for, stored as its 11 digits "
             "(\"+86 138-1234-5678\" becomes 13812345678).")
    member_id = fields.Many2one(
        'kam.member', "Group Member", index='btree_not_null', ondelete='cascade',
        tracking=True, check_company=True,
        help="The group member who gave the consent; found by the number when left empty "
             "and exactly one enrolled member of the company has it.")
    partner_id = fields.Many2one(
        'res.partner', "Contact", index='btree_not_null', ondelete='cascade', tracking=True,
        domain=[('is_company', '=', False)],
        help="The customer's contact who gave the consent, when it is not a group member.")
    account_partner_id = fields.Many2one(
        'res.partner', "Person's Company", compute='_compute_account_partner_id', store=True,
        index='btree_not_null',
        help="The company of the member or contact: the team of its key account reads the "
             "consent, as it reads the member.")
    group_id = fields.Many2one(
        related='member_id.group_id', store=True, index='btree_not_null', string="Group",
        help="The member's group: its group administrator sees the consent in the portal.")
    scope = fields.Selection(
        CONSENT_SCOPES, required=True, default='marketing', tracking=True,
        help="What the person agreed to receive. Service messages (work orders, reminders) "
             "need no consent.")
    source = fields.Selection([
        ('backend', "Recorded by the Account Team"),
        ('portal', "Recorded in the Portal"),
        ('import', "Imported"),
        ('sms', "SMS Reply"),
    ], required=True, default='backend', readonly=True, tracking=True,
        help="Where the consent was recorded: by the account team, by the group administrator "
             "in the portal, imported from a file (the customer's signed forms), or from an "
             "SMS reply.")
    date_given = fields.Datetime(
        "Given On", required=True, default=fields.Datetime.now, tracking=True,
        help="When the person gave the consent (from the signed form or the message).")
    date_withdrawn = fields.Datetime(
        "Withdrawn On", readonly=True, copy=False, tracking=True,
        help="When the person withdrew the consent; marketing SMS stop at once. Set by "
             "Withdraw or by an SMS reply \"TD\".")
    state = fields.Selection([
        ('given', "Given"),
        ('withdrawn', "Withdrawn"),
    ], compute='_compute_state', store=True, index=True, string="Status",
        help="Given until withdrawn.")
    user_id = fields.Many2one(
        'res.users', "Recorded By", readonly=True, default=lambda self: self.env.user,
        help="Who recorded the consent (the group administrator's portal user, an account "
             "manager, or the importer).")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company,
        help="Company of the operator that sends the SMS.")
    note = fields.Text(
        help="Evidence of the consent: the signed form's reference, the wording agreed to.")

    _one_given = models.UniqueIndex(
        "(company_id, number, scope) WHERE date_withdrawn IS NULL",
        "This number already has a consent of this scope that is not withdrawn.")

    @api.depends('member_id.partner_id', 'partner_id.commercial_partner_id')
    def _compute_account_partner_id(self):
        for consent in self:
            consent.account_partner_id = (consent.member_id.partner_id
                                          or consent.partner_id.commercial_partner_id)

    @api.depends('date_withdrawn')
    def _compute_state(self):
        for consent in self:
            consent.state = 'withdrawn' if consent.date_withdrawn else 'given'

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        importing = self.env.context.get('import_file')
        for vals in vals_list:
            vals['number'] = normalize_cn_mobile(self.env, vals.get('number'))
            if importing:
                vals['source'] = 'import'
            elif not self.env.su:
                vals.pop('source', None)
            if not self.env.su:
                vals.pop('date_withdrawn', None)
                vals.pop('user_id', None)
            if not vals.get('member_id') and not vals.get('partner_id'):
                vals['member_id'] = self._kam_member_of(
                    vals['number'], vals.get('company_id') or self.env.company.id).id
        self._kam_check_not_given(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals])
        if 'number' in vals:
            vals = dict(vals, number=normalize_cn_mobile(self.env, vals['number']))
        if not self.env.su and {'date_withdrawn', 'source', 'user_id'} & set(vals):
            raise UserError(self.env._(
                "A consent is withdrawn only with its Withdraw button or an SMS reply."))
        return super().write(vals)

    @api.model
    def _kam_member_of(self, number, company_id):
        members = self.env['kam.member'].sudo().search(
            [('mobile', '=', number), ('company_id', '=', company_id),
             ('state', '!=', 'removed')], limit=2)
        return members if len(members) == 1 else members.browse()

    def _kam_check_not_given(self, vals_list):
        """A clear message instead of the unique index's: one consent of a
        scope is given at a time for a number."""
        keys = {(vals.get('company_id') or self.env.company.id, vals['number'],
                 vals.get('scope', 'marketing')) for vals in vals_list}
        if len(keys) < len(vals_list):
            raise UserError(self.env._("The same number is given twice in these consents."))
        given = self.sudo().search_fetch([
            ('number', 'in', [key[1] for key in keys]), ('date_withdrawn', '=', False)],
            ['company_id', 'number', 'scope'])
        for consent in given:
            if (consent.company_id.id, consent.number, consent.scope) in keys:
                raise UserError(self.env._(
                    "Mobile number %s already has a consent that is not withdrawn.",
                    consent.number))

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_withdraw(self):
        """Withdraw the consents: marketing SMS to their numbers stop at once,
        queued ones included."""
        given = self.filtered(lambda c: not c.date_withdrawn)
        given.check_access('write')
        given._kam_withdraw()
        return True

    def _kam_withdraw(self, message=None):
        now = fields.Datetime.now()
        for consent in self.sudo():
            consent.date_withdrawn = now
            if message:
                consent.message_post(body=message)
        return True

    # ------------------------------------------------------------
    # Used by the sends
    # ------------------------------------------------------------

    @api.model
    def _kam_consented(self, numbers, company, scope='marketing'):
        """The 11-digit numbers among ``numbers`` with a consent of ``scope``
        given and not withdrawn, in ``company``: one query."""
        numbers = [number for number in numbers if number]
        if not numbers:
            return set()
        return set(self.sudo().search([
            ('number', 'in', numbers), ('company_id', '=', company.id), ('scope', '=', scope),
            ('date_withdrawn', '=', False)]).mapped('number'))

    @api.model
    def _kam_withdraw_number(self, number, message):
        """Withdraw every consent of ``number`` (an SMS reply "TD"), in every
        company: the person asked to receive no more marketing."""
        consents = self.sudo().search([('number', '=', number), ('date_withdrawn', '=', False)])
        return consents._kam_withdraw(message)

    @api.model
    def get_import_templates(self):
        return [{
            'label': self.env._("Import Template for SMS Consents"),
            'template': '/key_account_management/static/xls/kam_sms_consent_import_template.csv',
        }]
