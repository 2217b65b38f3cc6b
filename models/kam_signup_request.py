import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .kam_input import check_input
from .kam_phone import normalize_cn_mobile
from .kam_uscc import check_uscc, duplicate_map, normalize_org_name

STATES = [
    ('new', "Waiting for Code"),
    ('verified', "Verified"),
    ('qualified', "Qualified"),
    ('converted', "Key Account"),
    ('rejected', "Rejected"),
]
# what the public form may fill
PUBLIC_FIELDS = ('name', 'uscc', 'contact_name', 'mobile', 'email', 'city', 'street',
                 'industry_id', 'message')


class KamSignupRequest(models.Model):
    """An organisation's application to become a customer, made on the
    public sign-up page (/kam/apply) and verified by a code texted to the
    applicant's mobile. Once verified it goes, like a CRM lead, to the
    account manager of the grid or region of its address (else the region
    head, else the department), who qualifies it into the census and
    converts it to a key account, or rejects it. No user and no partner
    exist until the conversion; unconverted applications lose their
    personal data after the retention period."""
    _name = 'kam.signup.request'
    _description = "Sign-up Application"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.state.guard.mixin']
    _order = 'id desc'
    _check_company_auto = True

    _kam_draft_state = 'new'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        "Organisation", required=True, tracking=True,
        help="Full registered name of the organisation, as on its business licence.")
    name_key = fields.Char(
        "Normalised Name", compute='_compute_name_key', store=True, index='btree_not_null',
        help="The name without brackets, spaces and legal-form suffix: finds the census "
             "entries and companies that may be the same organisation.")
    uscc = fields.Char(
        "Credit Code", required=True, tracking=True, index=True,
        help="Unified social credit code (统一社会信用代码) of the organisation: 18 characters, "
             "checked when applying.")
    contact_name = fields.Char(
        "Contact", help="The applicant: the person at the organisation we call back.")
    mobile = fields.Char(
        help="The applicant's mobile number (11 digits), verified by the code texted to it.")
    email = fields.Char(help="The applicant's e-mail address, if given.")
    city = fields.Char(help="City of the organisation, e.g. 杭州: routes the application.")
    street = fields.Char(help="Street address of the organisation: routes it to a district.")
    state_id = fields.Many2one(
        'res.country.state', "Province",
        help="Province of the organisation's address, when known.")
    industry_id = fields.Many2one(
        'kam.industry', index='btree_not_null', tracking=True,
        help="The organisation's industry, as the applicant gave it.")
    message = fields.Text(help="What the applicant wrote about the organisation's needs.")
    lang = fields.Char(
        "Language", readonly=True,
        help="The language the applicant used: the texted code and pages are in it.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, readonly=True,
        default=lambda self: self.env.company,
        help="The operator's company the organisation applied to.")
    state = fields.Selection(
        STATES, "Status", default='new', required=True, readonly=True, index=True,
        tracking=True, copy=False, group_expand=True,
        help="Waiting for the code texted to the applicant, verified, qualified into the "
             "census, converted to a key account, or rejected; moved by the buttons.")
    date_verified = fields.Datetime(
        "Verified On", readonly=True, copy=False, help="When the applicant typed the right code.")
    user_id = fields.Many2one(
        'res.users', "Responsible", index='btree_not_null', tracking=True,
        domain=[('share', '=', False)],
        help="Who qualifies the application: the manager of the grid or region of its "
             "address, else the region head or the department.")
    region_id = fields.Many2one(
        'kam.region', index='btree_not_null', tracking=True, check_company=True,
        help="The region the address of the organisation lies in.")
    grid_id = fields.Many2one(
        'kam.grid', index='btree_not_null', tracking=True, check_company=True,
        help="The grid whose census receives the organisation when it is qualified; "
             "proposed from its region, required to qualify.")
    grid_manager_id = fields.Many2one(
        related='grid_id.manager_id', store=True, index='btree_not_null', string="Grid Manager",
        help="The manager of the grid, who sees the application.")
    census_entry_id = fields.Many2one(
        'kam.census.entry', readonly=True, copy=False, index='btree_not_null',
        help="The census entry of the organisation, made or found at the qualification.")
    partner_id = fields.Many2one(
        'res.partner', "Key Account", readonly=True, copy=False, index='btree_not_null',
        help="The key account the organisation became.")
    reject_reason = fields.Text(
        tracking=True, help="Why the application is rejected; required to reject it.")
    known_organisation = fields.Boolean(
        readonly=True, copy=False,
        help="When it was verified, a census entry or company already had its credit code or "
             "name: the applicant was not told.")
    duplicate_warning = fields.Char(
        compute='_compute_duplicate_warning',
        help="The census entries and companies with the same credit code or name.")
    anonymized = fields.Boolean(
        "Personal Data Erased", readonly=True, copy=False,
        help="The contact, mobile, e-mail and message were erased after the retention period.")
    access_token = fields.Char(
        readonly=True, copy=False, groups='base.group_system',
        help="Secret of the applicant's code page.")
    code_ids = fields.One2many(
        'kam.signup.code', 'request_id', "Codes", groups='base.group_system',
        help="The codes texted to the applicant (hashed).")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('name')
    def _compute_name_key(self):
        for application in self:
            application.name_key = normalize_org_name(application.name)

    @api.depends('name_key', 'uscc', 'census_entry_id', 'partner_id')
    def _compute_duplicate_warning(self):
        found = duplicate_map(self.env, [
            (app, app.company_id.id, app.name_key, app.uscc, app.census_entry_id.id,
             app.partner_id.id) for app in self])
        Entry = self.env['kam.census.entry']
        for application in self:
            entries, partners = found.get(application, ((), ()))
            application.duplicate_warning = Entry._kam_duplicate_text(entries, partners) or False

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        return super().create([self._kam_clean(dict(vals)) for vals in vals_list])

    def write(self, vals):
        check_input(self, [vals])
        return super().write(self._kam_clean(dict(vals)))

    def _kam_clean(self, vals):
        if vals.get('uscc'):
            vals['uscc'] = check_uscc(self.env, vals['uscc'])
        if vals.get('mobile'):
            vals['mobile'] = normalize_cn_mobile(self.env, vals['mobile'])
        return vals

    # ------------------------------------------------------------
    # The public sign-up
    # ------------------------------------------------------------

    @api.model
    def _kam_submit(self, values, ip_address):
        """An application from the public form (``values``: its fields as
        typed), checked, and a code texted to its mobile. A refusal is a
        translated error with nothing written. A known organisation is
        answered as any other."""
        vals = {name: (values.get(name) or '').strip() for name in PUBLIC_FIELDS}
        for name in ('name', 'uscc', 'contact_name', 'mobile'):
            if not vals[name]:
                raise ValidationError(self.env._(
                    "Please fill in %s.", self._fields[name]._description_string(self.env)))
        vals['uscc'] = check_uscc(self.env, vals['uscc'])
        vals['mobile'] = normalize_cn_mobile(self.env, vals['mobile'])
        industry = vals.pop('industry_id')
        vals['industry_id'] = int(industry) if industry.isdigit() and self.env[
            'kam.industry'].sudo().browse(int(industry)).exists() else False
        vals = {name: value or False for name, value in vals.items()}
        self.env['kam.signup.code']._kam_check_rate(vals['mobile'], ip_address)
        application = self.sudo().create(dict(
            vals, lang=self.env.lang, access_token=secrets.token_urlsafe(24)))
        self.env['kam.signup.code']._kam_issue(application, ip_address)
        return application

    @api.model
    def _kam_from_token(self, token):
        """The application waiting for its code with this page secret."""
        if not token or not isinstance(token, str) or len(token) > 64:
            return self.sudo().browse()
        return self.sudo().search([('access_token', '=', token), ('state', '=', 'new')], limit=1)

    def _kam_resend(self, ip_address):
        self.ensure_one()
        return self.env['kam.signup.code']._kam_issue(self.sudo(), ip_address)

    def _kam_verify(self, code):
        """(True, '') once ``code`` is the last code texted: the application
        is verified and routed; else (False, why)."""
        self.ensure_one()
        application = self.sudo()
        last = self.env['kam.signup.code'].sudo().search(
            [('request_id', '=', application.id)], order='id desc', limit=1)
        if not last:
            return False, self.env._("No code was sent: ask for a new code.")
        ok, problem = last._kam_check(code)
        if not ok:
            return ok, problem
        application.write({'state': 'verified', 'date_verified': fields.Datetime.now(),
                           'access_token': False})
        application._kam_flag_known()
        application._kam_route()
        return True, ''

    def _kam_flag_known(self):
        """A credit code or name already in the census or among the
        companies is told to the department, never to the applicant."""
        found = duplicate_map(self.env, [
            (app, app.company_id.id, app.name_key, app.uscc, False, False) for app in self])
        for application in self:
            entries, partners = found.get(application, ((), ()))
            if entries or partners:
                application.known_organisation = True
                # a note of the system, not of the public applicant
                application.message_post(
                    body=self.env._(
                        "The organisation may already be known: %s",
                        "、".join([*entries.mapped('display_name'),
                                  *partners.mapped('display_name')])),
                    author_id=self.env.ref('base.partner_root').id,
                    subtype_xmlid='mail.mt_note')

    # ------------------------------------------------------------
    # Routing
    # ------------------------------------------------------------

    def _kam_route(self):
        """Give each application to the manager of the grid whose census
        holds its credit code, else the one of the region of its address
        (as CRM leads are routed), else the department; that user gets an
        activity to qualify it."""
        Entry = self.env['kam.census.entry'].sudo()
        Grid = self.env['kam.grid'].sudo()
        Lead = self.env['crm.lead']
        for application in self.sudo():
            entry = Entry.search([('uscc', '=', application.uscc),
                                  ('company_id', '=', application.company_id.id)], limit=1) \
                if application.uscc else Entry
            region, grid, user = entry.region_id, entry.grid_id, entry.grid_manager_id
            if not user:
                region, user = Lead._kam_route_address(application)
            if not grid and region:
                grids = Grid.search([('region_id', 'child_of', region.id)])
                grid = grids.filtered(lambda g, u=user: g.manager_id == u)[:1] \
                    or grids.filtered('manager_id')[:1] or grids[:1]
                # a grid of the region is closer than the head above it
                if grid.manager_id and user not in region.user_ids:
                    user = grid.manager_id
            user = user or application._kam_department_user()
            application.write({'user_id': user.id, 'region_id': region.id, 'grid_id': grid.id})
            if user:
                # in the language of the one who reads it
                application.activity_schedule(
                    'mail.mail_activity_data_todo', user_id=user.id,
                    summary=self.with_context(lang=user.lang).env._(
                        "Qualify the application of %s", application.name))

    def _kam_department_user(self):
        """The department head (Key Accounts manager) of the company who
        takes the applications no region claims."""
        group = self.env.ref('key_account_management.group_kam_manager').sudo()
        users = group.all_user_ids.filtered(
            lambda u: u.active and not u.share and self.company_id in u.company_ids)
        return users.sorted('id')[:1]

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_qualify(self):
        """Qualify into the census of its grid: the entry with its credit
        code is linked, else one is made (as the user: his grids)."""
        self._kam_check_state(['verified'], self.env._("Qualifying"))
        self.check_access('write')
        Entry = self.env['kam.census.entry']
        for application in self:
            if not application.grid_id:
                raise UserError(self.env._(
                    "Choose the grid of %s before qualifying it.", application.name))
            entry = Entry.sudo().search([('uscc', '=', application.uscc),
                                         ('company_id', '=', application.company_id.id)], limit=1)
            if entry:
                entry = entry.with_env(self.env)
            else:
                entry = Entry.create(application._kam_entry_values())
            if entry.state in ('identified', 'contacted'):
                entry.action_qualify()
            application._kam_move_state({'state': 'qualified', 'census_entry_id': entry.id})
            entry.sudo().message_post(body=self.env._(
                "Qualified from the sign-up application of %s.", application.name))
        return True

    def _kam_entry_values(self):
        return {
            'name': self.name, 'uscc': self.uscc, 'grid_id': self.grid_id.id,
            'industry_id': self.industry_id.id, 'city': self.city, 'street': self.street,
            'state_id': self.state_id.id, 'contact_name': self.contact_name, 'phone': self.mobile,
        }

    def action_convert(self):
        """Convert to a key account through the census entry's conversion;
        the applicant becomes a contact of the account."""
        self._kam_check_state(['qualified'], self.env._("Converting to a key account"))
        self.check_access('write')
        for application in self:
            entry = application.census_entry_id
            if entry.state == 'qualified':
                entry.action_convert()
            partner = entry.partner_id
            if not partner:
                raise UserError(self.env._(
                    "The census entry of %s is not a key account.", application.name))
            if application.contact_name and not application.anonymized:
                self.env['res.partner'].create({
                    'name': application.contact_name, 'parent_id': partner.id,
                    'type': 'contact', 'phone': application.mobile, 'email': application.email})
            application._kam_move_state({'state': 'converted', 'partner_id': partner.id})
        if len(self) == 1:
            return self.census_entry_id.action_view_partner()
        return True

    def action_reject(self):
        missing = self.filtered(lambda a: not (a.reject_reason or '').strip())
        if missing:
            raise UserError(self.env._(
                "Say why the application of %s is rejected (Reject Reason) before rejecting it.",
                missing[0].name))
        self._kam_check_state(['new', 'verified', 'qualified'], self.env._("Rejecting"))
        self._kam_move_state({'state': 'rejected'})
        self.activity_unlink(['mail.mail_activity_data_todo'])
        return True

    def action_view_census_entry(self):
        self.ensure_one()
        if not self.census_entry_id:
            raise UserError(self.env._("%s is not in the census yet.", self.name))
        return {
            'type': 'ir.actions.act_window', 'res_model': 'kam.census.entry',
            'res_id': self.census_entry_id.id, 'view_mode': 'form',
        }

