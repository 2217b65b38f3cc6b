import base64
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from .kam_input import check_employees, check_input
from .kam_tools import to_currency

DEFAULT_REMINDER_STEPS = "90,60,30"
# a contract's reminder steps: three whole numbers of days (0: no reminder)
REMINDER_FIELDS = ('reminder_days_1', 'reminder_days_2', 'reminder_days_3')
DEFAULT_MAX_ORIGINAL_MB = 10
ORIGINAL_MIMETYPES = (
    'application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/tiff',
    'image/webp', 'image/bmp',
)
OPEN_STATES = ('active', 'expiring')
# what the contract is: fixed once it leaves the draft (the form shows them
# read-only then; the server refuses them from any caller)
FIXED_AFTER_DRAFT = ('partner_id', 'name', 'company_id', 'currency_id', 'framework_id')
# Changing one of these makes the daily job try again a contract it failed on.
RETRY_FIELDS = frozenset({
    'date_start', 'date_end', 'auto_renew', 'renewal_months', 'notice_days',
    'reminder_steps', 'partner_id', 'user_id', *REMINDER_FIELDS,
})


def parse_reminder_steps(text):
    """``"90, 60,30"`` → ``[90, 60, 30]``; raises ValueError on anything else
    (more than three steps included)."""
    steps = sorted({int(part) for part in (text or '').split(',') if part.strip()}, reverse=True)
    if any(step < 0 for step in steps) or len(steps) > len(REMINDER_FIELDS):
        raise ValueError(text)
    return steps


def reminder_values(steps):
    """``[90, 60]`` → the values of the three reminder fields (0 for none)."""
    steps = sorted({step for step in steps if step}, reverse=True)
    return {fname: steps[i] if i < len(steps) else 0 for i, fname in enumerate(REMINDER_FIELDS)}


class KamContract(models.Model):
    _name = 'kam.contract'
    _description = "Key Account Contract"
    _inherit = ['portal.mixin', 'mail.thread', 'mail.activity.mixin',
                'kam.account.access.mixin', 'kam.state.guard.mixin', 'kam.upsert.mixin']
    _order = 'date_end desc, id desc'
    _rec_names_search = ['name', 'title', 'partner_id', 'external_ref']
    _mail_post_access = 'read'
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields: identity and parties
    # ------------------------------------------------------------

    name = fields.Char(
        "Number", required=True, copy=False, readonly=False, index='trigram',
        default=lambda self: self.env._("New"),
        help="Contract number, unique per company; given by the sequence (HT/2026/0001) when "
             "left empty or \"New\". Shown on the PDF and in the portal.")
    title = fields.Char(
        required=True, tracking=True,
        help="What the contract covers, in a few words; shown in lists, the portal and the "
             "PDF.")
    external_ref = fields.Char(
        "External Reference", copy=False, index='btree_not_null', tracking=True,
        help="The contract's id in the billing or CRM system that feeds it; unique per "
             "company. Integrators search and upsert by it.")
    active = fields.Boolean(
        default=True,
        help="Archived contracts leave the lists; a contract once confirmed is archived, never deleted.")
    partner_id = fields.Many2one(
        'res.partner', "Account", required=True, index=True, tracking=True, check_company=True,
        domain=[('is_company', '=', True), ('kam_is_key_account', '=', True)],
        bypass_search_access=True,  # the portal rule's group subquery, see kam_rules_delivery.xml
        help="The key account that signed the contract (a company flagged Key Account). Its "
             "group customer's HQ also sees it in the portal.")
    partner_group_id = fields.Many2one(
        related='partner_id.kam_group_id', string="Group Customer",
        help="Top company of the account's group; the contract counts in that group's "
             "totals.")
    user_id = fields.Many2one(
        'res.users', "Account Manager", compute='_compute_user_id', store=True, readonly=False,
        precompute=True, tracking=True, index=True, domain=[('share', '=', False)],
        help="Account manager in charge: gets the expiry reminders and renewal activities. "
             "Defaults to the account's manager.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company,
        help="Company of the operator that signed the contract; contract numbers and "
             "external references are unique per company.")
    currency_id = fields.Many2one(
        'res.currency', required=True,
        default=lambda self: self.env.company.currency_id,
        help="Currency of the contract value and the monthly fees; the company's currency by "
             "default.")

    # ------------------------------------------------------------
    # Fields: terms
    # ------------------------------------------------------------

    state = fields.Selection([
        ('draft', "Draft"),
        ('active', "Active"),
        ('expiring', "Expiring"),
        ('expired', "Expired"),
        ('renewed', "Renewed"),
        ('terminated', "Terminated"),
    ], "Status", default='draft', required=True, copy=False, tracking=True, index=True,
        group_expand=True,
        help="Draft until confirmed; then active, expiring (a reminder step is reached), "
             "expired (past the end), renewed (its renewal was confirmed) or terminated. "
             "Changed only by the buttons and the daily job.")
    signing_date = fields.Date(
        "Signed On", tracking=True, copy=False,
        help="Day the contract was signed; today when confirmed without one.")
    date_start = fields.Date(
        "Start Date", required=True, tracking=True,
        help="First day the contract runs.")
    date_end = fields.Date(
        "End Date", required=True, tracking=True, index=True,
        help="Last day the contract runs; reminders, the notice deadline and expiry count "
             "from it.")
    days_left = fields.Integer(
        compute='_compute_days_left',
        help="Days from today until the end date (negative once ended).")
    amount = fields.Monetary(
        "Contract Value", tracking=True,
        help="Total contract value over its whole term, in the contract's currency (a "
             "framework's value is the ceiling its call-offs consume).")
    payment_terms = fields.Text(
        help="How and when the customer pays (e.g. quarterly in advance); printed on the "
             "contract PDF.")
    notice_days = fields.Integer(
        "Notice Period (days)", help="Days before the end date by which either party must "
                                     "give notice; a reminder is sent at that deadline.")
    notice_date = fields.Date(
        "Notice Deadline", compute='_compute_notice_date',
        help="End date minus the notice period: the last day to give notice.")
    notice_passed = fields.Boolean(
        "Notice Deadline Passed", compute='_compute_notice_date',
        help="The last day to give notice is behind us.")
    auto_renew = fields.Boolean(
        "Auto-Renew", tracking=True,
        help="At its end date the contract renews itself for the renewal term.")
    renewal_months = fields.Integer(
        "Renewal Term (months)", default=12,
        help="Length in months of the renewal drafted by Renew or by auto-renew.")
    termination_reason = fields.Text(
        copy=False, tracking=True, groups='base.group_user',
        help="Why the contract was terminated; required before terminating it.")
    note = fields.Html("Notes", groups='base.group_user', help="Internal notes of the account team.")
    line_ids = fields.One2many(
        'kam.contract.line', 'contract_id', "Services", copy=True,
        help="Services sold under the contract, with their quantity and monthly fee.")
    monthly_fee = fields.Monetary(
        "Monthly Fees", compute='_compute_monthly_fee',
        help="Sum of the service lines' monthly subtotals, in the contract's currency.")

    # ------------------------------------------------------------
    # Fields: scanned original
    # ------------------------------------------------------------

    original_file = fields.Binary(
        "Scanned Original", attachment=True, copy=False,
        help="Scan of the signed original: PDF or image, within the size limit set in "
             "Settings.")
    original_filename = fields.Char(
        "Original File Name", copy=False,
        help="File name of the scanned original.")

    # ------------------------------------------------------------
    # Fields: framework and call-offs, renewal chain
    # ------------------------------------------------------------

    is_framework = fields.Boolean(
        "Is a Framework", help="An umbrella agreement under which call-off contracts are signed.")
    framework_id = fields.Many2one(
        'kam.contract', "Framework Contract", index='btree_not_null', check_company=True,
        ondelete='restrict', domain="[('is_framework', '=', True), ('id', '!=', id)]",
        help="The framework contract this call-off is signed under; same group customer, "
             "within its dates.")
    calloff_ids = fields.One2many(
        'kam.contract', 'framework_id', "Call-offs",
        help="Call-off contracts signed under this framework.")
    calloff_count = fields.Integer(
        "Call-off Count", compute='_compute_consumed',
        help="Number of call-offs under this framework (terminated ones left out).")
    consumed_amount = fields.Monetary(
        "Consumed Value", compute='_compute_consumed',
        help="Value of the framework's call-offs (terminated ones left out), in the "
             "contract's currency.")
    remaining_amount = fields.Monetary(
        "Remaining Value", compute='_compute_consumed',
        help="Framework value minus the consumed value.")
    counted_amount = fields.Monetary(
        "Counted Value", compute='_compute_counted_amount', store=True,
        help="The value this contract adds to its account's contract value: a framework "
             "counts through its call-offs, so its own value is not added again.")
    previous_contract_id = fields.Many2one(
        'kam.contract', "Renewal Of", index='btree_not_null', copy=False, readonly=True,
        help="The contract this one renews; it becomes renewed when this one is confirmed.")
    renewal_id = fields.Many2one(
        'kam.contract', "Renewed By", copy=False, readonly=True,
        help="The contract that renewed this one.")

    # ------------------------------------------------------------
    # Fields: reminders
    # ------------------------------------------------------------

    reminder_days_1 = fields.Integer(
        "First Reminder (days before end)", default=lambda self: self._default_reminder_days(0),
        groups='base.group_user',
        help="Days before the end date at which the account manager is first reminded; "
             "0 for none. One more reminder goes at the notice deadline.")
    reminder_days_2 = fields.Integer(
        "Second Reminder (days before end)", default=lambda self: self._default_reminder_days(1),
        groups='base.group_user',
        help="Days before the end date of the second reminder; 0 for none.")
    reminder_days_3 = fields.Integer(
        "Third Reminder (days before end)", default=lambda self: self._default_reminder_days(2),
        groups='base.group_user',
        help="Days before the end date of the last reminder; 0 for none.")
    reminder_steps = fields.Char(
        "Reminder Steps (days)", compute='_compute_reminder_steps', inverse='_inverse_reminder_steps',
        groups='base.group_user',
        help="The three reminders as text, largest first (\"90,60,30\"), for imports and "
             "integrations; the form shows them as numbers.")
    reminder_ids = fields.One2many(
        'kam.contract.reminder', 'contract_id', "Reminders Sent", copy=False, readonly=True,
        groups='base.group_user',
        help="Steps already reminded, so that each one is sent exactly once.")
    job_failed_date = fields.Date(
        "Daily Job Failed On", copy=False, readonly=True, groups='base.group_user',
        help="The daily job could not process the contract on that day (its manager got an "
             "activity saying why); it is skipped until the contract is changed.")
    next_check_date = fields.Date(
        "Next Check", compute='_compute_next_check_date', store=True, index='btree_not_null',
        groups='base.group_user',
        help="When the daily job has something to do on this contract: a reminder, "
             "a change of status, the end.")

    _name_company_uniq = models.Constraint(
        'UNIQUE(company_id, name)', "A contract number must be unique per company.")
    _external_ref_company_uniq = models.Constraint(
        'UNIQUE(company_id, external_ref)',
        "This external reference is already used by another contract of the company.")
    # an account manager's contract list in its default order, read from his
    # own rows (the record rule's column) instead of walking every contract
    _kam_manager_order_idx = models.Index("(kam_account_manager_id, date_end DESC, id DESC)")

    # ------------------------------------------------------------
    # Defaults and compute
    # ------------------------------------------------------------

    @api.model
    def _default_reminder_days(self, index):
        text = self.env['ir.config_parameter'].sudo().get_param(
            'key_account_management.contract_reminder_steps', DEFAULT_REMINDER_STEPS)
        try:
            steps = parse_reminder_steps(text)
        except ValueError:
            steps = parse_reminder_steps(DEFAULT_REMINDER_STEPS)
        return reminder_values(steps)[REMINDER_FIELDS[index]]

    @api.depends('partner_id')
    def _compute_user_id(self):
        for contract in self:
            if contract.partner_id.kam_manager_id:
                contract.user_id = contract.partner_id.kam_manager_id
            elif not contract.user_id:
                contract.user_id = self.env.user

    @api.depends('date_end')
    def _compute_days_left(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.days_left = contract.date_end and (contract.date_end - today).days

    @api.depends('date_end', 'notice_days')
    def _compute_notice_date(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.notice_date = contract.notice_days and contract.date_end and (
                contract.date_end - timedelta(days=contract.notice_days))
            contract.notice_passed = bool(contract.notice_date and contract.notice_date < today)

    @api.depends('line_ids.subtotal')
    def _compute_monthly_fee(self):
        for contract in self:
            contract.monthly_fee = sum(contract.line_ids.mapped('subtotal'))

    @api.depends('amount', 'is_framework')
    def _compute_counted_amount(self):
        for contract in self:
            contract.counted_amount = 0.0 if contract.is_framework else contract.amount

    @api.depends('calloff_ids.amount', 'calloff_ids.state', 'calloff_ids.currency_id', 'amount',
                 'currency_id')
    def _compute_consumed(self):
        frameworks = self.filtered(lambda c: c.is_framework and c._origin)
        sums = {}
        if frameworks:
            # Totals of the framework: call-offs of subsidiaries run by other
            # managers count even where the reader cannot open them.
            # Each call-off's value in the framework's currency.
            for framework, currency, amount, count in self.sudo()._read_group(
                    [('framework_id', 'in', frameworks._origin.ids), ('state', '!=', 'terminated')],
                    ['framework_id', 'currency_id'], ['amount:sum', '__count']):
                total, number = sums.get(framework.id, (0.0, 0))
                sums[framework.id] = (total + to_currency(
                    self.env, amount, currency, framework.currency_id), number + count)
        for contract in self:
            amount, count = sums.get(contract._origin.id, (0.0, 0))
            contract.consumed_amount = amount
            contract.calloff_count = count
            contract.remaining_amount = contract.amount - amount

    @api.depends('state', 'date_end', 'notice_days', *REMINDER_FIELDS, 'reminder_ids.active',
                 'job_failed_date')
    def _compute_next_check_date(self):
        for contract in self:
            if contract.state not in OPEN_STATES or not contract.date_end or contract.job_failed_date:
                contract.next_check_date = False
                continue
            dates = [day for _key, day in contract._kam_pending_reminders()]
            if contract.state == 'active':
                dates.append(contract._kam_expiring_date())
            dates.append(contract.date_end + timedelta(days=1))
            contract.next_check_date = min(dates)

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for contract in self:
            contract.access_url = f'/my/contracts/{contract.id}'
        return res

    @api.depends('name', 'title')
    def _compute_display_name(self):
        for contract in self:
            contract.display_name = f"{contract.name} {contract.title or ''}".strip()

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('date_start', 'date_end')
    def _check_dates(self):
        for contract in self:
            if contract.date_end < contract.date_start:
                raise ValidationError(self.env._(
                    "Contract %(number)s ends on %(end)s, before it starts (%(start)s).",
                    number=contract.name, end=contract.date_end, start=contract.date_start))

    @api.constrains('amount', 'notice_days', 'renewal_months')
    def _check_amounts(self):
        for contract in self:
            if contract.amount < 0:
                raise ValidationError(self.env._(
                    "The value of contract %s cannot be negative.", contract.name))
            if contract.notice_days < 0 or contract.renewal_months < 0:
                raise ValidationError(self.env._(
                    "Notice period and renewal term of contract %s cannot be negative.",
                    contract.name))

    @api.constrains(*REMINDER_FIELDS)
    def _check_reminder_days(self):
        if any(contract[fname] < 0 for contract in self for fname in REMINDER_FIELDS):
            raise ValidationError(self.env._("Reminders are whole numbers of days before the end, not negative."))

    @api.constrains('partner_id')
    def _check_partner_key_account(self):
        for contract in self:
            partner = contract.partner_id
            if not (partner.is_company and partner.kam_is_key_account):
                raise ValidationError(self.env._(
                    "Contracts are signed with key-account companies only: %(partner)s is not "
                    "one (make it a key account first).", partner=partner.display_name))

    @api.constrains('user_id')
    def _check_user_employee(self):
        check_employees(self, 'user_id')

    @api.constrains('framework_id', 'is_framework', 'date_start', 'date_end', 'partner_id')
    def _check_framework(self):
        for contract in self.filtered('framework_id'):
            framework = contract.framework_id
            # a framework the caller may not open is not described to them:
            # one message whatever is wrong (constraints run as superuser:
            # ask for the caller's rights)
            if not framework.sudo(False)._filtered_access('read'):
                framework = framework.sudo()
                if (not framework.is_framework or contract.is_framework
                        or contract.partner_id.kam_group_id != framework.partner_id.kam_group_id
                        or contract.date_start < framework.date_start
                        or contract.date_end > framework.date_end):
                    raise self._kam_framework_refused()
                continue
            if contract.is_framework or not framework.is_framework:
                raise ValidationError(self.env._(
                    "%(contract)s can only be a call-off of a framework contract, and a "
                    "framework contract cannot be a call-off.", contract=contract.display_name))
            if contract.date_start < framework.date_start or contract.date_end > framework.date_end:
                raise ValidationError(self.env._(
                    "Call-off %(contract)s (%(start)s – %(end)s) must run within its framework "
                    "contract %(framework)s (%(fstart)s – %(fend)s).",
                    contract=contract.display_name, start=contract.date_start, end=contract.date_end,
                    framework=framework.display_name, fstart=framework.date_start,
                    fend=framework.date_end))
            if contract.partner_id.kam_group_id != framework.partner_id.kam_group_id:
                raise ValidationError(self.env._(
                    "Call-off %(contract)s must be for an account of the group of its framework "
                    "contract (%(group)s).", contract=contract.display_name,
                    group=framework.partner_id.kam_group_id.display_name))
        for framework in self.filtered(lambda c: c.is_framework and c.calloff_ids):
            if any(c.date_end > framework.date_end or c.date_start < framework.date_start
                   for c in framework.calloff_ids):
                raise ValidationError(self.env._(
                    "Framework contract %s cannot end before, or start after, one of its call-offs.",
                    framework.display_name))

    def _kam_framework_refused(self):
        """The one answer about a framework contract the caller may not
        open: whether it exists, is a framework or covers the dates is not
        told."""
        return ValidationError(self.env._(
            "This framework contract cannot be used: choose a framework contract you can "
            "open, of the call-off's group, whose dates cover the call-off."))

    def _kam_check_framework_readable(self, vals_list):
        """A call-off is linked only to a framework the caller may open."""
        ids = {vals['framework_id'] for vals in vals_list if vals.get('framework_id')}
        if ids and not self.env.su:
            frameworks = self.browse(ids).exists()
            if len(frameworks) != len(ids) \
                    or len(frameworks._filtered_access('read')) != len(frameworks):
                raise self._kam_framework_refused()

    @api.constrains('original_file')
    def _check_original_file(self):
        max_mb = self._kam_max_original_mb()
        for contract in self.with_context(bin_size=False).filtered('original_file'):
            raw = base64.b64decode(contract.original_file)
            mimetype = guess_mimetype(raw)
            if mimetype not in ORIGINAL_MIMETYPES:
                raise ValidationError(self.env._(
                    "The scanned original of %(contract)s must be a PDF or an image, not %(type)s.",
                    contract=contract.name, type=mimetype))
            if len(raw) > max_mb * 1024 * 1024:
                raise ValidationError(self.env._(
                    "The scanned original of %(contract)s is %(size).1f MB, above the limit of "
                    "%(max)s MB set in the settings.",
                    contract=contract.name, size=len(raw) / 1024 / 1024, max=max_mb))

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        self._kam_check_framework_readable(vals_list)
        new = self.env._("New")
        for vals in vals_list:
            if not vals.get('name') or vals['name'] == new:
                company = self.env['res.company'].browse(vals.get('company_id')) or self.env.company
                vals['name'] = self.env['ir.sequence'].with_company(company).next_by_code(
                    'kam.contract') or new
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals])
        self._kam_check_fixed_after_draft(vals)
        self._kam_check_framework_readable([vals])
        if ('job_failed_date' not in vals and RETRY_FIELDS.intersection(vals)
                and any(self.mapped('job_failed_date'))):
            # changed by someone: the daily job tries it again
            vals = dict(vals, job_failed_date=False)
        res = super().write(vals)
        if {'date_end', 'notice_days', 'reminder_steps', *REMINDER_FIELDS}.intersection(vals):
            self.filtered(lambda c: c.state in OPEN_STATES)._kam_rearm_reminders()
        return res

    def _kam_check_fixed_after_draft(self, vals):
        """Refuse to change the customer, number, company, currency or
        framework of a contract that has left the draft (writing the value
        it already has is fine)."""
        fixed = [fname for fname in FIXED_AFTER_DRAFT if fname in vals]
        if not fixed:
            return
        wanted = {fname: (vals[fname].id if isinstance(vals[fname], models.BaseModel)
                          else vals[fname] or False) for fname in fixed}
        for contract in self.filtered(lambda c: c.state != 'draft'):
            changed = [
                fname for fname in fixed
                if (contract[fname].id if contract._fields[fname].type == 'many2one'
                    else contract[fname]) != wanted[fname]]
            if changed:
                raise UserError(self.env._(
                    "Contract %(contract)s is no longer a draft: its %(fields)s cannot change. "
                    "Terminate it and draw up a new one, or renew it.",
                    contract=contract.display_name, fields=", ".join(
                        contract._fields[fname]._description_string(self.env)
                        for fname in changed)))

    @api.model
    def get_import_templates(self):
        return [{
            'label': self.env._("Import Template for Contracts with Service Lines"),
            'template': '/key_account_management/static/xls/kam_contracts.csv',
        }]

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_confirm(self):
        """Sign off a draft: it becomes active (or expiring when already
        within its reminder window), and the contract it renews is renewed."""
        for contract in self:
            if contract.state != 'draft':
                raise UserError(self.env._("Only draft contracts can be confirmed (%s).",
                                           contract.display_name))
            if contract.date_end < fields.Date.context_today(self):
                raise UserError(self.env._(
                    "Contract %s has already ended: change its end date before confirming it.",
                    contract.display_name))
        today = fields.Date.context_today(self)
        for contract in self:
            contract._kam_move_state({
                'state': 'expiring' if contract._kam_expiring_date() <= today else 'active',
                'signing_date': contract.signing_date or today,
            })
            previous = contract.previous_contract_id
            if previous and previous.state in ('active', 'expiring', 'expired'):
                previous._kam_move_state({'state': 'renewed', 'renewal_id': contract.id})
                previous.message_post(body=self.env._(
                    "Renewed by %s.", contract._get_html_link()))
        return True

    def action_terminate(self):
        for contract in self:
            if contract.state not in ('draft', 'active', 'expiring'):
                raise UserError(self.env._(
                    "Only draft, active or expiring contracts can be terminated (%s).",
                    contract.display_name))
            if not contract.termination_reason:
                raise UserError(self.env._(
                    "Give the reason for terminating %s first (Terms tab).", contract.display_name))
        self._kam_move_state({'state': 'terminated'})
        return True

    def action_draft(self):
        if any(contract.state != 'terminated' for contract in self):
            raise UserError(self.env._("Only terminated contracts can be reset to draft."))
        # a new token: links sent while it was signed no longer open it
        self._kam_move_state({'state': 'draft', 'termination_reason': False,
                              'access_token': False})
        return True

    def action_renew(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Renew Contract"),
            'res_model': 'kam.contract.renew.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_contract_id': self.id},
        }

    def action_view_calloffs(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Call-offs of %s", self.name),
            'res_model': 'kam.contract',
            'view_mode': 'list,form',
            'domain': [('framework_id', '=', self.id)],
            'context': {'default_framework_id': self.id, 'default_partner_id': self.partner_id.id,
                        'default_date_start': self.date_start, 'default_date_end': self.date_end},
        }

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Contract %s", self.name)
