from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_input import check_input
from .kam_phone import MaskedPhone, normalize_cn_mobile
from .res_partner import KAM_USER

MEMBER_TEMPLATE = '/key_account_management/static/xls/kam_member_import_template.xlsx'


class KamMember(models.Model):
    """A group member: a person of a key account's group (HQ or a subsidiary)
    enrolled under the group's agreement with a mobile line and a service
    plan. The group's address book in the portal lists them; work orders add,
    change and remove them."""
    _name = 'kam.member'
    _description = "Group Member"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.account.access.mixin',
                'kam.account.group.mixin', 'kam.upsert.mixin', 'kam.phone.mask.mixin']
    _order = 'name, id'
    _rec_names_search = ['name', 'mobile']
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields: who
    # ------------------------------------------------------------

    name = fields.Char(
        required=True, tracking=True, index='trigram',
        help="The member's full name, as in the customer's address book.")
    partner_id = fields.Many2one(
        'res.partner', "Company", required=True, index=True, tracking=True,
        ondelete='restrict',
        domain=[('is_company', '=', True), ('kam_group_id', '!=', False)],
        help="The company the member works for: a key account or a subsidiary in a key "
             "account's group. Its group customer's address book lists the member.")
    mobile = MaskedPhone(
        required=True, tracking=True, index=True,
        help="The member's Chinese mobile number; stored as its 11 digits "
             "(\"+86 138-1234-5678\" becomes 13812345678). Unique in the group among the "
             "members not removed. Shown masked (138****5678) to users who do not serve "
             "the member's key account.")
    department = fields.Char(
        index='btree_not_null',
        help="The member's department in the customer's organisation.")
    job_title = fields.Char(
        "Position", help="The member's position (job title) in the customer's organisation.")
    email = fields.Char(help="The member's work email address.")
    external_ref = fields.Char(
        "External Reference", copy=False, index='btree_not_null', tracking=True,
        help="The member's id in the customer's or the operator's system that feeds the "
             "members (e.g. the HR number); unique per company. Integrators upsert by it.")
    product_id = fields.Many2one(
        'product.product', "Service Plan", index='btree_not_null', check_company=True,
        ondelete='restrict',
        help="The service plan (product) the member's line runs on.")

    # ------------------------------------------------------------
    # Fields: status
    # ------------------------------------------------------------

    state = fields.Selection([
        ('active', "Active"),
        ('suspended', "Suspended"),
        ('removed', "Removed"),
    ], "Status", default='active', required=True, tracking=True, index=True, copy=False,
        help="Active members use their line; suspended ones are paused and may be "
             "reactivated; removed ones have left the group (their mobile number may be "
             "enrolled again). Changed only by the buttons and by completed work orders.")
    date_join = fields.Date(
        "Join Date", default=fields.Date.context_today, tracking=True,
        help="Day the member joined the group's agreement.")
    date_leave = fields.Date(
        "Leave Date", tracking=True, copy=False, readonly=True,
        help="Day the member was removed from the group; set by Remove.")
    company_id = fields.Many2one(
        'res.company', "Operator Company", required=True, index=True,
        default=lambda self: self.env.company,
        help="Company of the operator that serves the member's line.")
    active = fields.Boolean(
        default=True,
        help="Archived members leave the lists and the address book but keep their history.")
    note = fields.Text(
        "Internal Note", groups=KAM_USER,
        help="Notes of the account team about this member; never shown in the portal.")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    _mobile_unique_in_group = models.UniqueIndex(
        "(group_id, mobile) WHERE state != 'removed' AND active",
        "This mobile number is already enrolled for a member of the group.")
    _external_ref_company_uniq = models.Constraint(
        'UNIQUE(company_id, external_ref)',
        "This external reference is already used by another member of the company.")
    _dates_ordered = models.Constraint(
        "CHECK(date_leave IS NULL OR date_join IS NULL OR date_leave >= date_join)",
        "A member cannot leave before joining.")

    @api.depends('name', 'mobile')
    @api.depends_context('uid')
    def _compute_display_name(self):
        for member in self:
            member.display_name = (f"{member.name} ({member.mobile})"
                                   if member.name and member.mobile else member.name or '')

    @api.constrains('partner_id')
    def _check_partner_in_key_account_group(self):
        for member in self:
            company = member.partner_id.sudo()
            if not company.is_company or not company._kam_serving_account():
                raise ValidationError(self.env._(
                    "Member %(member)s: %(company)s is not a key account nor a company in a "
                    "key account's group.", member=member.name, company=company.display_name))

    def _kam_check_mobiles_free(self, candidates):
        """Refuse, with a clear message, mobile numbers already enrolled in
        their group. ``candidates`` are ``(group_id, mobile, member_id)`` of
        the members about to be enrolled (member_id: False for new ones).
        Checked before writing (the unique index would only give a generic
        error), with one query for a whole batch such as an import."""
        candidates = [(group, mobile, mid) for group, mobile, mid in candidates if group and mobile]
        if not candidates:
            return
        seen = {}
        for group, mobile, mid in candidates:
            if (group, mobile) in seen:
                self._kam_raise_mobile_taken(group, mobile)
            seen[group, mobile] = mid
        rows = self.sudo().search_fetch([
            ('group_id', 'in', list({group for group, _mobile, _mid in candidates})),
            ('mobile', 'in', list({mobile for _group, mobile, _mid in candidates})),
            ('state', '!=', 'removed'),
        ], ['group_id', 'mobile'])
        for member in rows:
            key = (member.group_id.id, member.mobile)
            if key in seen and seen[key] != member.id:
                self._kam_raise_mobile_taken(*key)

    def _kam_raise_mobile_taken(self, group_id, mobile):
        # the other member may be outside what the caller reads: not named
        raise ValidationError(self.env._(
            "Mobile number %(mobile)s is already enrolled for a member of %(group)s. Remove "
            "that member first, or correct the number.",
            mobile=mobile, group=self.env['res.partner'].browse(group_id).sudo().display_name))

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        Partner = self.env['res.partner'].sudo()
        candidates = []
        for vals in vals_list:
            self._kam_check_leave_after_join(
                vals.get('name'), vals.get('date_join', fields.Date.context_today(self)),
                vals.get('date_leave'))
            self._kam_normalize(vals)
            if vals.get('state', 'active') != 'active' or vals.get('date_leave'):
                self._kam_check_state_write()
            if vals.get('active', True) and vals.get('state') != 'removed':
                group = Partner.browse(vals.get('partner_id')).kam_group_id
                candidates.append((group.id, vals.get('mobile'), False))
        self._kam_check_mobiles_free(candidates)
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals])
        if 'date_join' in vals or 'date_leave' in vals:
            for member in self:
                member._kam_check_leave_after_join(
                    member.name, vals.get('date_join', member.date_join),
                    vals.get('date_leave', member.date_leave))
        vals = self._kam_normalize(dict(vals))
        if 'state' in vals or 'date_leave' in vals:
            self._kam_check_state_write()
        if {'mobile', 'partner_id', 'state', 'active'} & set(vals):
            group = 'partner_id' in vals and self.env['res.partner'].sudo().browse(
                vals['partner_id']).kam_group_id
            self._kam_check_mobiles_free([
                ((group if 'partner_id' in vals else member.group_id).id,
                 vals.get('mobile', member.sudo().mobile), member.id)
                for member in self
                if vals.get('active', member.active) and vals.get('state', member.state) != 'removed'])
        return super().write(vals)

    def _kam_normalize(self, vals):
        """``vals`` with the mobile number as it is stored (its 11 digits)."""
        if 'mobile' in vals:
            vals['mobile'] = normalize_cn_mobile(self.env, vals['mobile'])
        return vals

    def _kam_check_leave_after_join(self, name, date_join, date_leave):
        """The real reason first: a leave date before the join date is
        refused as such, whoever writes it (the database refuses it too)."""
        date_join, date_leave = fields.Date.to_date(date_join), fields.Date.to_date(date_leave)
        if date_join and date_leave and date_leave < date_join:
            raise ValidationError(self.env._(
                "Member %(member)s cannot leave on %(date_leave)s, before joining on "
                "%(date_join)s.", member=name or '', date_leave=date_leave, date_join=date_join))

    def _kam_check_state_write(self):
        if not self.env.su:
            raise UserError(self.env._(
                "A member's status changes only through its buttons (suspend, reactivate, "
                "remove) or a completed work order, not by writing it."))

    def load(self, fields, data):
        # A group's member file is imported as a whole, whatever batch size
        # the import screen asks for: its rows are checked together and a
        # wrong row leaves nothing written (batches would commit the rows
        # before it).
        if self.env.context.get('import_file'):
            self = self.with_context(_import_limit=None)
            fields, data = self._kam_import_resolve_names(fields, data)
        return super().load(fields, data)

    def _kam_import_resolve_names(self, fields, data):
        """Companies and service plans given by name are looked up once per
        distinct name, not once per row (a group's file names a handful of
        companies over thousands of rows), as Odoo's import would look them
        up. A column with a name that matches no or several records is left
        to the import, which reports it by row."""
        fields, data = list(fields), [list(row) for row in data]
        for fname in ('partner_id', 'product_id'):
            if fname not in fields:
                continue
            index = fields.index(fname)
            Comodel = self.env[self._fields[fname].comodel_name]
            ids = {}
            for name in {row[index] for row in data if row[index]}:
                found = Comodel.name_search(name=name, operator='=')
                if len(found) != 1:
                    break
                ids[name] = str(found[0][0])
            else:
                fields[index] = f'{fname}/.id'
                for row in data:
                    row[index] = ids.get(row[index], '')
        return fields, data

    @api.model
    def get_import_templates(self):
        return [{
            'label': self.env._("Import Template for Group Members"),
            'template': MEMBER_TEMPLATE,
        }]

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def _kam_set_state(self, from_states, vals):
        """Move the members to ``vals['state']`` from one of ``from_states``,
        after checking the caller may change them."""
        wrong = self.filtered(lambda m: m.state not in from_states)
        if wrong:
            labels = dict(self._fields['state']._description_selection(self.env))
            raise UserError(self.env._(
                "Member %(member)s is %(state)s: this cannot be done from that status.",
                member=wrong[0].name, state=labels[wrong[0].state]))
        self.check_access('write')
        self.sudo().write(vals)
        return True

    def action_suspend(self):
        return self._kam_set_state(('active',), {'state': 'suspended'})

    def action_reactivate(self):
        return self._kam_set_state(('suspended',), {'state': 'active'})

    def action_remove(self):
        return self._kam_remove(fields.Date.context_today(self))

    def _kam_remove(self, date_leave=None):
        """Remove the members from their group on ``date_leave`` (today by
        default): their mobile numbers may then be enrolled again. Used by
        the Remove button and by completed work orders."""
        date_leave = fields.Date.to_date(date_leave) or fields.Date.context_today(self)
        early = self.filtered(lambda m: m.date_join and m.date_join > date_leave)
        if early:
            raise ValidationError(self.env._(
                "Member %(member)s joined on %(date_join)s: the leave date cannot be earlier.",
                member=early[0].name, date_join=early[0].date_join))
        return self._kam_set_state(('active', 'suspended'),
                                   {'state': 'removed', 'date_leave': date_leave})
