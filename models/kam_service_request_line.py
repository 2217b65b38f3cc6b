from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_input import check_input
from .kam_phone import normalize_cn_mobile

MEMBER_OPERATIONS = ('member_add', 'member_remove', 'member_change')
MEMBER_FIELDS = ('member_name', 'mobile', 'department', 'job_title', 'email', 'product_id')


class KamServiceRequestLine(models.Model):
    """One thing a work order asks for: a product to install or change, a
    line number to cancel, repair or report, or a group member to add,
    remove or change (applied to the members when the order is completed).
    A line is read where its work order is: it keeps the order's customer
    (and through kam.account.rule.mixin the serving account's manager,
    team and region), assignee and status on its own row for the record
    rules."""
    _name = 'kam.service.request.line'
    _description = "Work Order Line"
    _inherit = ['kam.account.rule.mixin']
    _order = 'request_id, sequence, id'
    _kam_account_moving_fields = ('request_id',)

    request_id = fields.Many2one(
        'kam.service.request', "Work Order", required=True, ondelete='cascade', index=True,
        help="The work order this line belongs to.")
    sequence = fields.Integer(default=10, help="Order of the lines in the work order.")
    operation = fields.Selection([
        ('install', "Install Product"),
        ('change', "Change Product"),
        ('number', "Line Number"),
        ('member_add', "Add Member"),
        ('member_remove', "Remove Member"),
        ('member_change', "Change Member"),
    ], required=True, default='number',
        help="What the line asks: a product to install or change, a line number (to cancel, "
             "repair or report a fault on), or a group member to add, remove or change.")
    member_id = fields.Many2one(
        'kam.member', index='btree_not_null', ondelete='restrict',
        help="The group member to remove or change; must belong to the work order's group. "
             "Filled in by the completion for an added member.")
    member_partner_id = fields.Many2one(
        'res.partner', "Member's Company",
        help="Company of the group the added (or changed) member belongs to; the work "
             "order's customer when empty.")
    member_name = fields.Char(help="Name of the member to add, or the new name.")
    mobile = fields.Char(
        help="Mobile number of the member to add or the new number (11 digits).")
    department = fields.Char(help="Department of the member to add, or the new one.")
    job_title = fields.Char("Position", help="Position of the member to add, or the new one.")
    email = fields.Char(help="Work email of the member to add, or the new one.")
    product_id = fields.Many2one(
        'product.product', "Product / Plan",
        help="Product to install or change to, or the service plan of the member.")
    quantity = fields.Float(default=1.0, help="How many of the product (installs).")
    number = fields.Char(
        "Line Number", help="The number concerned: the mobile or line to cancel, repair or "
                            "report a fault on.")
    note = fields.Char(help="Anything the service desk should know about this line.")
    applied = fields.Boolean(
        readonly=True, copy=False,
        help="Set when the completion of the work order applied this member change.")
    company_id = fields.Many2one(
        related='request_id.company_id', store=True, index=True,
        help="Company of the work order; the multi-company rule reads it.")
    state = fields.Selection(
        related='request_id.state', string="Status", store=True, index=True,
        help="Status of the work order; its lines change only while it is a draft.")
    partner_id = fields.Many2one(
        related='request_id.partner_id', store=True, index=True, string="Customer",
        bypass_search_access=True,  # the portal rule's group subquery
        help="The work order's customer: who reads the work order reads its lines.")
    request_user_id = fields.Many2one(
        related='request_id.user_id', store=True, index='btree_not_null', string="Assignee",
        help="The employee the work order is assigned to; he reads its lines.")

    _quantity_positive = models.Constraint(
        "CHECK(quantity > 0)", "The quantity of a line must be positive.")

    @api.depends('operation', 'member_id', 'member_name', 'product_id', 'number')
    def _compute_display_name(self):
        labels = dict(self._fields['operation']._description_selection(self.env))
        for line in self:
            what = (line.member_id.display_name or line.member_name or line.product_id.display_name
                    or line.number or '')
            line.display_name = f"{labels.get(line.operation, '')}: {what}"

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        for vals in vals_list:
            self._kam_normalize(vals)
        lines = super().create(vals_list)
        lines._kam_check_editable()
        return lines

    def write(self, vals):
        check_input(self, [vals])
        self._kam_check_editable()
        return super().write(self._kam_normalize(dict(vals)))

    def unlink(self):
        self._kam_check_editable()
        return super().unlink()

    def _kam_normalize(self, vals):
        if vals.get('mobile'):
            vals['mobile'] = normalize_cn_mobile(self.env, vals['mobile'])
        if vals.get('number') and vals.get('operation', 'number') != 'number':
            vals['number'] = vals['number'].strip()
        return vals

    def _kam_check_editable(self):
        if not self.env.su and any(line.request_id.state != 'draft' for line in self):
            raise ValidationError(self.env._(
                "The lines of a submitted work order cannot change: reject it and raise a "
                "new one."))

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _kam_check_members(self):
        """Member lines: the member is in the order's group, a new member has
        a name and a free mobile number, a change changes something."""
        Member = self.env['kam.member'].sudo()
        for line in self:
            request = line.request_id
            group = request.sudo().group_id
            if line.operation in ('member_remove', 'member_change'):
                if not line.member_id or line.member_id.sudo().group_id != group:
                    raise ValidationError(self.env._(
                        "Line %(line)s: the member is not a member of %(group)s.",
                        line=line.sequence, group=group.display_name))
                if line.member_id.sudo().state == 'removed':
                    raise ValidationError(self.env._(
                        "Line %(line)s: the member has already been removed.", line=line.sequence))
            company = line.member_partner_id or request.partner_id
            if line.operation in ('member_add', 'member_change') and line.member_partner_id \
                    and line.member_partner_id.sudo().kam_group_id != group:
                raise ValidationError(self.env._(
                    "Line %(line)s: %(company)s is not a company of %(group)s.",
                    line=line.sequence, company=company.display_name, group=group.display_name))
            if line.operation == 'member_add':
                if not (line.member_name or '').strip() or not line.mobile:
                    raise ValidationError(self.env._(
                        "Line %(line)s: a new member needs a name and a mobile number.",
                        line=line.sequence))
            if line.operation == 'member_change' and not any(line[f] for f in MEMBER_FIELDS) \
                    and not line.member_partner_id:
                raise ValidationError(self.env._(
                    "Line %(line)s: say what changes for the member.", line=line.sequence))
            if line.operation in ('install', 'change') and not line.product_id:
                raise ValidationError(self.env._(
                    "Line %(line)s: choose the product.", line=line.sequence))
            if line.operation == 'number' and not (line.number or '').strip():
                raise ValidationError(self.env._(
                    "Line %(line)s: give the line number concerned.", line=line.sequence))
        adds = self.filtered(lambda ln: ln.operation in ('member_add', 'member_change') and ln.mobile)
        Member._kam_check_mobiles_free([
            (line.request_id.sudo().group_id.id, line.mobile,
             line.member_id.id if line.operation == 'member_change' else False)
            for line in adds])

    def _kam_apply(self):
        """Apply the member lines to the group's members (the completion of
        the work order): adds, removals on the wished date (or today) and
        changes, each told in the member's chatter. The caller's right on the
        work order was checked; the members are written as the service desk."""
        self._kam_check_members()
        for line in self.filtered(lambda ln: ln.operation in MEMBER_OPERATIONS and not ln.applied):
            request = line.request_id
            link = request._get_html_link()
            member = line.member_id.sudo()
            if line.operation == 'member_add':
                member = self.env['kam.member'].sudo().create({
                    'name': line.member_name.strip(),
                    'partner_id': (line.member_partner_id or request.partner_id).id,
                    'mobile': line.mobile,
                    'department': line.department,
                    'job_title': line.job_title,
                    'email': line.email,
                    'product_id': line.product_id.id,
                    'company_id': request.company_id.id,
                })
                body = self.env._("Added by work order %s.", link)
            elif line.operation == 'member_remove':
                member._kam_remove(request.date_requested or fields.Date.context_today(self))
                body = self.env._("Removed by work order %s.", link)
            else:
                vals = {fname: line[fname] for fname in ('mobile', 'department', 'job_title', 'email')
                        if line[fname]}
                if line.member_name:
                    vals['name'] = line.member_name.strip()
                if line.product_id:
                    vals['product_id'] = line.product_id.id
                if line.member_partner_id:
                    vals['partner_id'] = line.member_partner_id.id
                member.write(vals)
                body = self.env._("Changed by work order %s.", link)
            member.message_post(body=body)
            line.sudo().write({'member_id': member.id, 'applied': True})
