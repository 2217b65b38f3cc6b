from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_input import check_input

DEFAULT_REMINDER_DAYS = 30


class KamTariffApplication(models.Model):
    """A tariff or discount application (资费/优惠申请): the prices an account
    manager, or the customer's group administrator in the portal, asks for a
    key account's services over a term, against the list prices, with the
    revenue and margin it brings and the competitor offer it answers.

    It is approved level by level through OCA's tier validation: the tier
    definitions of this model (shipped by discount depth and amount,
    editable) say who reviews it and in which order; its author never
    approves it. Approved, it becomes service lines of a draft contract, and
    its account manager is reminded before its term ends."""
    _name = 'kam.tariff.application'
    _description = "Tariff and Discount Application"
    _inherit = ['kam.tier.validation', 'mail.thread', 'mail.activity.mixin',
                'kam.account.access.mixin', 'kam.state.guard.mixin',
                'kam.company.currency.mixin']
    _order = 'id desc'
    _rec_names_search = ['name', 'subject', 'partner_id']
    _mail_post_access = 'read'
    _check_company_auto = True

    # tier validation: reviews are asked on submission, in "to approve";
    # the form carries the review widget itself
    _state_from = ['to_approve']
    _state_to = ['approved']
    _cancel_state = 'cancel'
    _tier_validation_manual_config = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        "Reference", required=True, copy=False, readonly=True, index='trigram',
        default=lambda self: self.env._("New"),
        help="Reference of the application (ZF/2026/0001), given when it is saved.")
    subject = fields.Char(
        required=True, tracking=True,
        help="What is asked, in a few words (\"5G private network at 20 % off for three "
             "years\").")
    partner_id = fields.Many2one(
        'res.partner', "Account", required=True, index=True, tracking=True, check_company=True,
        domain=[('is_company', '=', True), ('kam_is_key_account', '=', True)],
        bypass_search_access=True,  # the portal rule's group subquery, see kam_rules_delivery.xml
        help="The key account (or a company of its group) the prices are for.")
    user_id = fields.Many2one(
        'res.users', "Raised By", required=True, readonly=True, index=True, copy=False,
        default=lambda self: self.env.user,
        help="Who raised the application: the account manager, or the customer's group "
             "administrator in the portal. Never one of its approvers.")
    state = fields.Selection([
        ('draft', "Draft"),
        ('to_approve', "To Approve"),
        ('approved', "Approved"),
        ('rejected', "Rejected"),
        ('contracted', "In a Contract"),
        ('cancel', "Cancelled"),
    ], "Status", default='draft', required=True, copy=False, tracking=True, index=True,
        group_expand=True,
        help="Draft until submitted; to approve while its reviewers decide level by level; "
             "approved or rejected; in a contract once its services are lines of a draft "
             "contract. Changed only by the buttons.")
    line_ids = fields.One2many(
        'kam.tariff.application.line', 'application_id', "Services", copy=True,
        help="The services asked for, with their quantity, list price and proposed price.")
    date_start = fields.Date(
        "Term Start", required=True, tracking=True,
        default=fields.Date.context_today,
        help="First day the proposed prices apply.")
    date_end = fields.Date(
        "Term End", required=True, tracking=True, index=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(years=1, days=-1),
        help="Last day the proposed prices apply; the account manager is reminded before it.")
    term_months = fields.Integer(
        "Term (months)", compute='_compute_amounts', store=True,
        help="Months of the term, a started month counting in full.")
    competitor_offer_id = fields.Many2one(
        'kam.competitor.offer', index='btree_not_null', check_company=True,
        domain="[('partner_id', '=', partner_id)]",
        help="The competitor's offer this application answers, if any.")
    justification = fields.Text(
        tracking=True,
        help="Why the account deserves these prices: what is at stake, what we win or keep. "
             "Required to submit.")
    reminder_days = fields.Integer(
        "Remind Days Before End", default=DEFAULT_REMINDER_DAYS,
        help="How many days before the term ends the account manager gets an activity to "
             "renew or re-apply.")
    contract_id = fields.Many2one(
        'kam.contract', index='btree_not_null', check_company=True, copy=False,
        domain="[('partner_id', 'in', [partner_id, kam_account_id]), ('state', '=', 'draft')]",
        help="A draft contract of the account to add the approved services to; left empty, "
             "a new draft contract is made.")

    # ------------------------------------------------------------
    # Fields: amounts
    # ------------------------------------------------------------

    list_monthly = fields.Monetary(
        "Monthly at List Price", compute='_compute_amounts', store=True,
        help="What the services cost per month at their list prices.")
    proposed_monthly = fields.Monetary(
        "Monthly at Proposed Price", compute='_compute_amounts', store=True,
        help="What the services cost per month at the proposed prices.")
    discount_depth = fields.Float(
        "Discount (%)", compute='_compute_amounts', store=True, digits=(5, 1),
        aggregator='avg',
        help="How far the proposed prices are below the list prices, over all the services. "
             "The approval levels are chosen by it.")
    discount_amount = fields.Monetary(
        "Discount over the Term", compute='_compute_amounts', store=True,
        help="List price minus proposed price, over the whole term. The approval levels are "
             "chosen by it too.")
    expected_revenue = fields.Monetary(
        compute='_compute_amounts', store=True,
        help="What the account pays at the proposed prices over the whole term.")
    expected_margin = fields.Monetary(
        compute='_compute_amounts', store=True,
        help="Expected revenue minus the services' costs over the whole term.")
    margin_percent = fields.Float(
        "Margin (%)", compute='_compute_amounts', store=True, digits=(5, 1), aggregator='avg',
        help="Expected margin in percent of the expected revenue.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('line_ids.quantity', 'line_ids.list_price', 'line_ids.proposed_price',
                 'line_ids.cost_price', 'date_start', 'date_end')
    def _compute_amounts(self):
        for application in self:
            months = application._kam_term_months()
            lines = application.line_ids
            list_monthly = sum(line.quantity * line.list_price for line in lines)
            proposed = sum(line.quantity * line.proposed_price for line in lines)
            cost = sum(line.quantity * line.cost_price for line in lines)
            application.term_months = months
            application.list_monthly = list_monthly
            application.proposed_monthly = proposed
            application.discount_depth = (
                100.0 * (list_monthly - proposed) / list_monthly if list_monthly else 0.0)
            application.discount_amount = (list_monthly - proposed) * months
            application.expected_revenue = proposed * months
            application.expected_margin = (proposed - cost) * months
            application.margin_percent = (
                100.0 * (proposed - cost) / proposed if proposed else 0.0)

    def _kam_term_months(self):
        self.ensure_one()
        if not self.date_start or not self.date_end or self.date_end < self.date_start:
            return 0
        delta = relativedelta(self.date_end + timedelta(days=1), self.date_start)
        return delta.years * 12 + delta.months + (1 if delta.days else 0)

    # ------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------

    @api.constrains('date_start', 'date_end', 'reminder_days')
    def _check_term(self):
        for application in self:
            if application.date_end < application.date_start:
                raise ValidationError(self.env._(
                    "The term of a tariff application cannot end before it starts."))
            if application.reminder_days < 0:
                raise ValidationError(self.env._(
                    "The reminder before the term ends cannot be a negative number of days."))

    @api.constrains('partner_id')
    def _check_partner(self):
        for application in self:
            if not application.partner_id.sudo()._kam_serving_account():
                raise ValidationError(self.env._(
                    "Tariff applications are raised for key accounts and the companies of "
                    "their groups."))

    @api.constrains('competitor_offer_id', 'contract_id', 'partner_id')
    def _check_links(self):
        for application in self.sudo():
            offer = application.competitor_offer_id
            if offer and offer.partner_id.commercial_partner_id != \
                    application.partner_id.commercial_partner_id:
                raise ValidationError(self.env._(
                    "The competitor offer must be one made to the application's account."))
            contract = application.contract_id
            if contract and contract.partner_id != application._kam_contract_partner():
                raise ValidationError(self.env._(
                    "The contract must be one of the application's account."))

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        for vals in vals_list:
            if not self.env.su:
                # the author is whoever raises it, never a value sent
                vals.pop('user_id', None)
            if not vals.get('name') or vals['name'] == self.env._("New"):
                vals['name'] = self.env['ir.sequence'].sudo().next_by_code(
                    'kam.tariff.application') or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals])
        if not self.env.su:
            # before the tier checks, which would name fields to any caller
            self.check_access('write')
        if 'user_id' in vals and not self.env.su:
            raise UserError(self.env._("Who raised an application cannot be changed."))
        if not self.env.su and set(vals) - {'message_main_attachment_id'} \
                and self.filtered(lambda a: a.state != 'draft') \
                and set(vals) & set(self._kam_fixed_fields()):
            raise UserError(self.env._(
                "A submitted application cannot be changed: reset it to draft first."))
        return super().write(vals)

    @api.model
    def _kam_fixed_fields(self):
        """What reviewers decide on: fixed once the application is submitted."""
        return ('partner_id', 'subject', 'line_ids', 'date_start', 'date_end',
                'competitor_offer_id', 'justification', 'company_id', 'currency_id')

    # ------------------------------------------------------------
    # Tier validation: the author never approves
    # ------------------------------------------------------------

    @api.depends_context('uid')
    @api.depends('review_ids.approve_sequence', 'review_ids.reviewer_ids',
                 'review_ids.sequence', 'review_ids.status', 'user_id')
    def _compute_can_review(self):
        res = super()._compute_can_review()
        for application in self:
            if application.user_id == self.env.user:
                application.can_review = False
        return res

    def _kam_check_reviewer(self):
        self.check_access('read')
        if not self.env.su and self.filtered(lambda a: a.user_id == self.env.user):
            raise UserError(self.env._(
                "You raised this application: another reviewer must decide on it."))
        self._kam_check_state(['to_approve'], self.env._("Reviewing"))

    def _kam_follow_reviews(self):
        """The application follows its reviews: approved when every level
        approved it, rejected when one level rejected it."""
        # whether an application needs validation is computed without
        # dependencies: drop what was read before its reviews existed
        self.invalidate_recordset(['need_validation', 'validation_status'])
        for application in self:
            status = application.validation_status
            if status == 'validated':
                application.sudo().with_context(skip_validation_check=True).write(
                    {'state': 'approved'})
            elif status == 'rejected':
                application.sudo().with_context(skip_validation_check=True).write(
                    {'state': 'rejected'})

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_submit(self):
        """Draft → to approve: the levels that apply are asked for their
        review; with none, the application is approved at once."""
        self._kam_check_state(['draft'], self.env._("Submitting"))
        for application in self:
            application._kam_check_submittable()
        self._kam_move_state({'state': 'to_approve'})
        self.invalidate_recordset(['need_validation'])
        for application in self:
            # the requester is the author, whoever's button sent it
            reviews = application.with_user(application.user_id).sudo().request_validation()
            if not reviews:
                application.sudo().write({'state': 'approved'})
        return True

    def _kam_check_submittable(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(self.env._("Add at least one service before submitting."))
        if not (self.justification or '').strip():
            raise UserError(self.env._("Say why the account deserves these prices before "
                                       "submitting."))

    def action_draft(self):
        """Rejected or cancelled → draft, to be corrected and submitted
        again; the reviews start over."""
        self._kam_check_state(['rejected', 'cancel'], self.env._("Resetting to draft"))
        self.check_access('write')
        self.sudo().review_ids.unlink()
        self._kam_move_state({'state': 'draft'})
        return True

    def action_cancel(self):
        self._kam_check_state(['draft', 'to_approve', 'approved'], self.env._("Cancelling"))
        self.check_access('write')
        self.sudo().with_context(skip_validation_check=True).write({'state': 'cancel'})
        return True

    def action_make_contract(self):
        """Approved → in a contract: the services become lines of the
        chosen draft contract, or of a new draft contract of the account,
        with the term's dates; the account manager gets an activity before
        the term ends. Opens the contract."""
        self._kam_check_state(['approved'], self.env._("Making the contract"))
        self.check_access('write')
        for application in self:
            contract = application.contract_id
            if contract and contract.state != 'draft':
                raise UserError(self.env._(
                    "Services are added to draft contracts only: choose another contract or "
                    "leave it empty to make a new one."))
            lines = [fields.Command.create(line._kam_contract_line_values())
                     for line in application.line_ids]
            if contract:
                contract.write({'line_ids': lines})
            else:
                contract = self.env['kam.contract'].create(
                    application._kam_contract_values(lines))
            application.sudo().write({'state': 'contracted', 'contract_id': contract.id})
            application._kam_schedule_end_reminder()
            contract.message_post(body=self.env._(
                "Services added from the approved tariff application %s.", application.name))
        if len(self) == 1:
            return {
                'type': 'ir.actions.act_window',
                'res_model': 'kam.contract',
                'res_id': self.contract_id.id,
                'views': [(False, 'form')],
            }
        return True

    def _kam_contract_partner(self):
        """Who signs the contract: the application's company when it is a
        key account, else the key account serving it."""
        self.ensure_one()
        partner = self.partner_id.sudo()
        return partner if partner.kam_is_key_account else partner._kam_serving_account()

    def _kam_contract_values(self, lines):
        self.ensure_one()
        return {
            'title': self.subject,
            'partner_id': self._kam_contract_partner().id,
            'company_id': self.company_id.id,
            'currency_id': self.currency_id.id,
            'date_start': self.date_start,
            'date_end': self.date_end,
            'amount': self.expected_revenue,
            'line_ids': lines,
        }

    def _kam_schedule_end_reminder(self):
        self.ensure_one()
        manager = self.sudo().kam_account_manager_id or self.env.user
        deadline = max(self.date_end - timedelta(days=self.reminder_days),
                       fields.Date.context_today(self))
        self.sudo().activity_schedule(
            'mail.mail_activity_data_todo', date_deadline=deadline, user_id=manager.id,
            summary=self.env._("Discounted prices end on %s", self.date_end),
            note=self.env._("The prices of %(application)s end on %(date)s: renew the contract "
                            "or raise a new application.",
                            application=self.name, date=self.date_end))

    def action_view_contract(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'res_model': 'kam.contract',
            'res_id': self.contract_id.id,
            'views': [(False, 'form')],
        }
