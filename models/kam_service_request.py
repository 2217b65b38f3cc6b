from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .kam_input import check_employees, check_input
from .res_partner import KAM_MANAGER, KAM_USER

OPEN_STATES = ('submitted', 'accepted', 'in_progress')
CLOSED_STATES = ('done', 'rejected', 'cancelled')
# kanban columns shown even when empty (the others only when they hold work orders)
LOOP_COLUMNS = ('submitted', 'accepted', 'in_progress', 'done')


class KamServiceRequest(models.Model):
    """A work order (service request) of a key account: raised by the
    customer in the portal or by the staff, it runs a closed loop
    submitted → accepted (approved, for the types that need it) → in
    progress → done → the customer's rating, or rejected with a reason,
    with SLA deadlines counted in working hours."""
    _name = 'kam.service.request'
    _description = "Work Order"
    _inherit = ['portal.mixin', 'rating.mixin', 'mail.thread', 'mail.activity.mixin',
                'kam.account.access.mixin', 'kam.account.group.mixin', 'kam.state.guard.mixin',
                'kam.upsert.mixin']
    _order = 'priority desc, id desc'
    _rec_names_search = ['name', 'partner_id']
    _mail_post_access = 'read'
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields: what and for whom
    # ------------------------------------------------------------

    name = fields.Char(
        "Reference", required=True, copy=False, readonly=True, index='trigram',
        default=lambda self: self.env._("New"),
        help="Number given when the work order is submitted (WO/2026/00001), without gaps.")
    active = fields.Boolean(
        default=True,
        help="Archived work orders leave the lists; a submitted one is archived, never deleted.")
    external_ref = fields.Char(
        "External Reference", copy=False, index='btree_not_null', tracking=True,
        help="The work order's id in the order or ticket system that feeds it; unique per "
             "company. Integrators search and upsert by it.")
    type_id = fields.Many2one(
        'kam.service.request.type', required=True, tracking=True, index=True,
        help="What is asked: new install, product change, cancellation, repair, fault report "
             "or member change. Decides the form's lines, the approval and the SLA.")
    kind = fields.Selection(
        related='type_id.kind', store=True, string="Kind",
        help="What the work order is about, from its type; decides which lines it carries.")
    partner_id = fields.Many2one(
        'res.partner', "Customer", required=True, index=True, tracking=True,
        domain=[('is_company', '=', True), ('kam_group_id', '!=', False)],
        bypass_search_access=True,  # the portal rule's group subquery, see kam_rules_delivery.xml
        help="The customer company the work is for: a key account or a subsidiary in a key "
             "account's group.")
    requester_partner_id = fields.Many2one(
        'res.partner', "Requester", tracking=True, index='btree_not_null',
        help="The customer's contact who raised the work order; gets an email at each step.")
    requester_user_id = fields.Many2one(
        'res.users', "Requested by User", readonly=True, copy=False,
        help="The user who submitted it (portal or internal).")
    contact_phone = fields.Char(
        help="Phone number to call the requester back on.")
    description = fields.Text(
        help="What is asked, in the customer's words: the fault seen, the "
                            "address of an install, the reason for a cancellation.")
    date_requested = fields.Date(
        "Wished Date", tracking=True,
        help="Day the customer wants the work done (e.g. the day of a scheduled cancellation).")
    line_ids = fields.One2many(
        'kam.service.request.line', 'request_id', "Lines", copy=True,
        help="Products to install or change, numbers to cancel, repair or report, members "
             "to add, remove or change.")
    priority = fields.Selection([
        ('0', "Normal"), ('1', "High"), ('2', "Urgent"),
    ], default='0', tracking=True, index=True,
        help="Urgent work orders come first on the service desk.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company,
        help="Company of the operator that handles the work order.")

    # ------------------------------------------------------------
    # Fields: the loop
    # ------------------------------------------------------------

    state = fields.Selection([
        ('draft', "Draft"),
        ('submitted', "Submitted"),
        ('accepted', "Accepted"),
        ('in_progress', "In Progress"),
        ('done', "Done"),
        ('rejected', "Rejected"),
        ('cancelled', "Cancelled"),
    ], "Status", default='draft', required=True, tracking=True, index=True, copy=False,
        group_expand='_kam_expand_states',
        help="Moves only through the buttons: submit, accept (or approve), start, complete; "
             "reject with a reason; the requester may cancel while it is submitted.")
    user_id = fields.Many2one(
        'res.users', "Assignee", tracking=True, index='btree_not_null',
        domain=[('share', '=', False)],
        help="Employee handling the work order; reads and updates it even outside the "
             "account team.")
    department_id = fields.Many2one(
        'hr.department', "Team", tracking=True,
        help="Department handling the work order; defaults from its type.")
    approved_user_id = fields.Many2one(
        'res.users', "Approved by", readonly=True, copy=False,
        help="Who approved a work order whose type needs approval.")
    date_approved = fields.Datetime(
        "Approved on", readonly=True, copy=False, help="When the account manager approved it.")
    date_submitted = fields.Datetime(
        "Submitted on", readonly=True, copy=False, index=True,
        help="When it was submitted; its SLA deadlines count from here.")
    date_accepted = fields.Datetime(
        "Accepted on", readonly=True, copy=False, help="When it was accepted or approved.")
    date_done = fields.Datetime(
        "Completed on", readonly=True, copy=False,
        help="When it was completed or rejected.")
    reject_reason = fields.Text(
        "Rejection Reason", readonly=True, copy=False, tracking=True,
        help="Why the work order was rejected; told to the customer.")
    tier_id = fields.Many2one(
        'kam.tier', compute='_compute_tier_id', store=True, groups=KAM_USER,
        help="Tier of the key account when the work order was submitted; sets its SLA.")
    internal_note = fields.Html(
        groups='base.group_user',
        help="Notes of the service desk; never shown to the customer.")
    is_approver = fields.Boolean(
        "Can Approve", compute='_compute_is_approver',
        help="Technical: the current user may approve this work order.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('partner_id')
    def _compute_tier_id(self):
        for request, request_sudo in zip(self, self.sudo()):
            if request.state in ('draft', 'submitted') or not request.tier_id:
                request.tier_id = request_sudo.partner_id._kam_serving_account().kam_tier_id

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for request in self:
            request.access_url = f'/my/requests/{request.id}'
        return res

    @api.depends_context('uid')
    @api.depends('kam_account_manager_id')
    def _compute_is_approver(self):
        for request in self:
            request.is_approver = request._kam_can_approve()

    @api.depends('name', 'type_id')
    def _compute_display_name(self):
        for request in self:
            request.display_name = f"{request.name} {request.type_id.name or ''}".strip()

    @api.model
    def _kam_expand_states(self, states, domain):
        """Kanban columns: the loop's steps always (submitted → done), the
        side states (draft, rejected, cancelled) only when they hold work
        orders, so that the board fits a 1440 px screen."""
        return [key for key, _label in self._fields['state'].selection
                if key in LOOP_COLUMNS or key in states]

    # ------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------

    _external_ref_company_uniq = models.Constraint(
        'UNIQUE(company_id, external_ref)',
        "This external reference is already used by another work order of the company.")

    @api.constrains('partner_id')
    def _check_partner_key_account(self):
        for request in self:
            if not request.partner_id.sudo()._kam_serving_account():
                raise ValidationError(self.env._(
                    "Work orders are for key accounts and the companies of their groups."))

    @api.constrains('user_id')
    def _check_user_employee(self):
        check_employees(self, 'user_id')

    @api.onchange('type_id')
    def _onchange_type_id(self):
        if self.type_id.department_id:
            self.department_id = self.type_id.department_id
        if self.type_id.user_id:
            self.user_id = self.type_id.user_id

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        Type = self.env['kam.service.request.type']
        for vals in vals_list:
            request_type = Type.browse(vals.get('type_id'))
            if 'department_id' not in vals and request_type.department_id:
                vals['department_id'] = request_type.department_id.id
            if 'user_id' not in vals and request_type.user_id:
                vals['user_id'] = request_type.user_id.id
            vals.setdefault('requester_user_id', self.env.uid)
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals])
        if 'type_id' in vals or 'partner_id' in vals:
            if any(request.state != 'draft' for request in self):
                raise UserError(self.env._(
                    "The type and the customer of a submitted work order cannot change: "
                    "reject it and raise a new one."))
        return super().write(vals)

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    def _kam_can_approve(self):
        self.ensure_one()
        user = self.env.user
        if user.has_group(KAM_MANAGER):
            return True
        # the serving account's manager, kept on the work order's own column
        return bool(self.partner_id) and self.sudo().kam_account_manager_id == user

    def _mail_get_partner_fields(self, introspect_fields=False):
        # the customer of a work order, for emails and the composer, is the
        # contact who raised it, not the company
        return ['requester_partner_id']

    def _rating_get_partner(self):
        return self.requester_partner_id or super()._rating_get_partner()

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_submit(self):
        self._kam_check_state(('draft',), self.env._("Submitting"))
        for request in self:
            request._kam_check_complete()
        now = fields.Datetime.now()
        for request in self:
            # numbered when submitted: drafts may be deleted, numbers never skip
            request._kam_move_state({
                'state': 'submitted', 'date_submitted': now,
                'name': self.env['ir.sequence'].sudo().next_by_code(
                    'kam.service.request', sequence_date=now)})
            request._kam_set_deadlines()
        return True

    def action_accept(self):
        self._kam_check_state(('submitted',), self.env._("Accepting"))
        if any(request.needs_approval for request in self):
            raise UserError(self.env._(
                "This type of work order needs the account manager's approval: use Approve."))
        self._kam_accept()
        return True

    def action_approve(self):
        self._kam_check_state(('submitted',), self.env._("Approving"))
        for request in self:
            if not request._kam_can_approve():
                raise AccessError(self.env._(
                    "Only the account manager of the customer or a Key Accounts Manager can "
                    "approve this work order."))
        self._kam_accept(approved=True)
        return True

    def _kam_accept(self, approved=False):
        now = fields.Datetime.now()
        for request in self:
            vals = {'state': 'accepted', 'date_accepted': now,
                    'sla_accept_breached': bool(request.deadline_accept
                                                and now > request.deadline_accept)}
            if approved:
                vals.update(approved_user_id=self.env.uid, date_approved=now)
            if not request.user_id:
                vals['user_id'] = self.env.uid
            request._kam_move_state(vals)

    def action_start(self):
        self._kam_check_state(('accepted',), self.env._("Starting"))
        self._kam_move_state({'state': 'in_progress'})
        return True

    def action_done(self):
        """Complete the work: member changes are applied now, in the same
        transaction, and not before."""
        self._kam_check_state(('in_progress',), self.env._("Completing"))
        now = fields.Datetime.now()
        for request in self:
            # the state move checks the caller's rights before the members
            # are written; a line that cannot apply rolls both back
            request._kam_move_state({
                'state': 'done', 'date_done': now,
                'sla_resolve_breached': bool(request.deadline_resolve
                                             and now > request.deadline_resolve)})
            request.line_ids._kam_apply()
        return True

    def action_reject(self):
        self._kam_check_state(('submitted', 'accepted', 'in_progress'), self.env._("Rejecting"))
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Reject Work Order"),
            'res_model': 'kam.service.request.reject.wizard',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_request_ids': self.ids},
        }

    def _kam_reject(self, reason):
        self._kam_check_state(('submitted', 'accepted', 'in_progress'), self.env._("Rejecting"))
        if not (reason or '').strip():
            raise UserError(self.env._("Give the reason for rejecting the work order."))
        if any(r.state == 'submitted' and r.needs_approval and not r._kam_can_approve()
               for r in self):
            raise AccessError(self.env._(
                "Only the account manager of the customer or a Key Accounts Manager can "
                "decide on this work order."))
        self._kam_move_state({'state': 'rejected', 'reject_reason': reason.strip(),
                              'date_done': fields.Datetime.now()})
        return True

    def action_cancel(self):
        self._kam_check_state(('draft', 'submitted'), self.env._("Cancelling"))
        self._kam_move_state({'state': 'cancelled'})
        return True

    def action_view_members(self):
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Members"),
            'res_model': 'kam.member',
            'view_mode': 'list,form',
            'domain': [('group_id', '=', self.group_id.id)],
        }

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _kam_check_complete(self):
        """Refuse, with a translated message naming what is missing, a work
        order that lacks what its type requires."""
        self.ensure_one()
        request_type = self.type_id
        missing = []
        if request_type.require_phone and not (self.contact_phone or '').strip():
            missing.append(self.env._("a contact phone"))
        if request_type.require_date and not self.date_requested:
            missing.append(self.env._("a wished date"))
        if request_type.require_lines and not self.line_ids:
            missing.append(self.env._("at least one line"))
        if request_type.require_attachment and not self.env['ir.attachment'].sudo().search_count(
                [('res_model', '=', self._name), ('res_id', '=', self.id)], limit=1):
            missing.append(self.env._("an attachment"))
        if missing:
            raise ValidationError(self.env._(
                "A %(type)s work order needs %(missing)s.",
                type=request_type.name, missing=", ".join(missing)))
        allowed = request_type._kam_operations()
        if any(line.operation not in allowed for line in self.line_ids):
            raise ValidationError(self.env._(
                "A %(type)s work order cannot carry these lines.", type=request_type.name))
        self.line_ids._kam_check_members()

    def _kam_rate(self, value, comment=None):
        """The customer's rating of a completed work order: 1 to 5, once."""
        self.ensure_one()
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = 0
        if not 1 <= value <= 5:
            raise ValidationError(self.env._("A rating is a whole number from 1 to 5."))
        if self.state != 'done':
            raise UserError(self.env._("Only a completed work order can be rated."))
        if self.sudo().rating_ids.filtered('consumed'):
            raise UserError(self.env._("This work order has already been rated."))
        token = self.sudo()._rating_get_access_token()
        return self.sudo().rating_apply(value, token=token, feedback=(comment or '').strip())

    def _track_template(self, changes):
        res = super()._track_template(changes)
        request = self[0]
        if 'state' in changes and request.state != 'draft' and request.requester_partner_id.email:
            template = self.env.ref(
                'key_account_management.mail_template_kam_service_request_state',
                raise_if_not_found=False)
            if template:
                res['state'] = (template, {
                    'auto_delete_keep_log': False,
                    'subtype_id': self.env['ir.model.data']._xmlid_to_res_id('mail.mt_note'),
                    'email_layout_xmlid': 'mail.mail_notification_light',
                })
        return res

    def get_kam_state_label(self):
        """The status in the language of the current rendering."""
        self.ensure_one()
        return dict(self._fields['state']._description_selection(self.env)).get(self.state, '')
