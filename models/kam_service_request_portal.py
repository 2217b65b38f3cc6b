"""Work orders raised by the customer's staff in the portal. Portal users
never write these models through the ORM: the portal controller hands the
posted form to the methods below, which check every value against what the
user may reach, then write as the service desk."""
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools.mimetypes import guess_mimetype

from .kam_phone import normalize_cn_mobile
from .kam_service_request import OPEN_STATES
from .kam_service_request_line import MEMBER_OPERATIONS
from .kam_tools import int_param

DEFAULT_MAX_ATTACHMENT_MB = 10  # also the Settings' default
# a form posts at most this many times the limit of one file (the browser
# checks it before sending, the server refuses a larger body unread)
MAX_ATTACHMENTS_TOTAL = 5
# the form's own fields, beside its files
FORM_BYTES = 1024 * 1024
SUBMIT_URL = '/my/requests/submit'
# the form's error when its body was too large to be read (see ir.http)
TOO_LARGE = 'too_large'
ATTACHMENT_MIMETYPES = (
    'application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp',
    'image/tiff', 'text/plain', 'text/csv',
    'application/msword', 'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
)
LINE_FIELDS = ('member_name', 'mobile', 'department', 'job_title', 'email', 'number', 'note')


class KamServiceRequest(models.Model):
    _inherit = 'kam.service.request'

    # ------------------------------------------------------------
    # What a portal user may reach
    # ------------------------------------------------------------

    @api.model
    def _kam_portal_companies(self):
        """Companies the current portal user may raise work orders for: their
        own company and every company below it."""
        commercial = self.env.user.partner_id.commercial_partner_id
        return self.env['res.partner'].sudo().search(
            [('id', 'child_of', commercial.id), ('is_company', '=', True)], order='kam_group_path')

    @api.model
    def _kam_portal_member_companies(self, companies=None):
        """Companies whose members the current portal user may add, remove
        or change: with the group administrator flag, their company and
        every company below it (``companies``, when the caller has them);
        otherwise their own company only."""
        partner = self.env.user.partner_id.sudo()
        if partner.kam_portal_group_admin:
            return companies if companies is not None else self._kam_portal_companies()
        return partner.commercial_partner_id

    @api.model
    def _kam_portal_is_agent(self):
        """The current portal user works for an agent: he raises work orders
        for the accounts his agent serves, not for his own company."""
        return bool(self.env.user.partner_id.commercial_partner_id.sudo().kam_is_agent)

    @api.model
    def _kam_portal_can_raise(self):
        """The current portal user raises work orders in the portal: he works
        for an agent, or for a company a key account serves."""
        commercial = self.env.user.partner_id.commercial_partner_id.sudo()
        return bool(commercial.kam_is_agent or commercial._kam_serving_account())

    @api.model
    def _kam_portal_products(self):
        """Products the portal offers on install and change lines: the
        key-account service catalogue, by category."""
        return self.env['product.product'].sudo().search(
            [('kam_is_service', '=', True), ('company_id', 'in', [False, self.env.company.id])],
            order='kam_service_category_id, name, id', limit=200)

    @api.model
    def _kam_portal_open_domain(self):
        """The work orders the portal calls open: its Requests page's "Open"
        filter, and the open work orders counted on the agents' accounts."""
        return [('state', 'in', list(OPEN_STATES))]

    @api.model
    def _kam_portal_open_counts(self, partners):
        """{company id: its open work orders} among those the current user
        follows in the portal (read with his record rules, as the Requests
        page lists them), in one query."""
        groups = self._read_group(
            self._kam_portal_open_domain() + [('partner_id', 'in', partners.ids)],
            ['partner_id'], ['__count'])
        return {partner.id: count for partner, count in groups}

    @api.model
    def _kam_max_attachment_mb(self):
        return int_param(self.env, 'key_account_management.request_max_attachment_mb',
                         DEFAULT_MAX_ATTACHMENT_MB, minimum=1)

    @api.model
    def _kam_attachment_limits(self):
        """``(max_mb, total_mb)``: the largest file a work order takes, and
        all the files of one form together."""
        max_mb = self._kam_max_attachment_mb()
        return max_mb, MAX_ATTACHMENTS_TOTAL * max_mb

    @api.model
    def _kam_max_form_bytes(self):
        """The largest body the portal form may post: its files within
        their limit, and its fields."""
        return self._kam_attachment_limits()[1] * 1024 * 1024 + FORM_BYTES

    @api.model
    def _kam_too_large_message(self):
        max_mb, total_mb = self._kam_attachment_limits()
        return self.env._(
            "The attachments are too large: %(max)s MB each at most, %(total)s MB together.",
            max=max_mb, total=total_mb)

    # ------------------------------------------------------------
    # Portal actions
    # ------------------------------------------------------------

    @api.model
    def _kam_portal_create(self, values, files=()):
        """Create and submit a work order from the portal form ``values``
        (a dict of strings as posted; ``lines`` a list of dicts) and
        ``files`` ([(filename, bytes)]). Every id is checked against what the
        user may reach; any wrong value raises a translated error and, the
        whole being done in a savepoint, nothing is written."""
        env = self.env
        user = env.user
        request_type = env['kam.service.request.type'].sudo().search(
            [('id', '=', self._kam_int(values.get('type_id'))), ('active', '=', True)])
        if not request_type:
            raise ValidationError(env._("Choose a type of request."))
        companies = self._kam_portal_companies()
        partner = companies.filtered(lambda c: c.id == self._kam_int(values.get('partner_id'))) \
            if values.get('partner_id') else user.partner_id.commercial_partner_id
        if not partner or partner not in companies:
            raise ValidationError(env._("Choose one of your companies."))
        date_requested = False
        if values.get('date_requested'):
            try:
                date_requested = fields.Date.to_date(values['date_requested'])
            except ValueError:
                date_requested = None
            if not date_requested:
                raise ValidationError(env._("The wished date is not a valid date."))
            if date_requested < fields.Date.context_today(self):
                raise ValidationError(env._("The wished date cannot be in the past."))
        priority = values.get('priority') or '0'
        if priority not in ('0', '1'):
            raise ValidationError(env._("Unknown priority."))
        # what the user may reach, read once for all the lines
        allowed = self._kam_portal_member_companies(companies)
        products = self._kam_portal_products() if request_type.kind in ('install', 'change') \
            else self.env['product.product']
        lines = [self._kam_portal_line(request_type, line, allowed, products)
                 for line in values.get('lines') or []]
        if sum(len(data) for _name, data in files) > self._kam_attachment_limits()[1] * 1024 * 1024:
            raise ValidationError(self._kam_too_large_message())
        attachments = [self._kam_portal_attachment(name, data) for name, data in files]
        with env.cr.savepoint():
            request = self.sudo().create({
                'type_id': request_type.id,
                'partner_id': partner.id,
                'requester_partner_id': user.partner_id.id,
                'requester_user_id': user.id,
                'contact_phone': (values.get('contact_phone') or '').strip(),
                'description': (values.get('description') or '').strip(),
                'date_requested': date_requested,
                'priority': priority,
                'company_id': env.company.id,
                'line_ids': [fields.Command.create(line) for line in lines],
            })
            # pending, as Odoo's portal composer uploads them: posting the
            # message moves them onto the work order and links them to it
            # (a portal user's message keeps only his own pending files)
            files = env['ir.attachment'].sudo().create([{
                'name': name, 'raw': data, 'mimetype': mimetype,
                'res_model': 'mail.compose.message', 'res_id': 0,
            } for name, data, mimetype in attachments])
            request.message_subscribe(partner_ids=user.partner_id.ids)
            if files:
                # in the chatter, where the customer and the service desk find them
                request.message_post(
                    body=env._("Attached to the request."), attachment_ids=files.ids,
                    author_id=user.partner_id.id, message_type='comment',
                    subtype_xmlid='mail.mt_comment')
            request.action_submit()
        return request.sudo(False)

    @api.model
    def _kam_portal_line(self, request_type, values, allowed, products):
        """Values of one posted line, its ids checked against the member
        companies ``allowed`` and the offered ``products``; raises on
        anything the type does not ask for or the user may not touch."""
        env = self.env
        operation = values.get('operation')
        if operation not in request_type._kam_operations():
            raise ValidationError(env._("A %(type)s request cannot carry this line.",
                                        type=request_type.name))
        line = {'operation': operation}
        for fname in LINE_FIELDS:
            text = (values.get(fname) or '').strip()
            if len(text) > 256:
                raise ValidationError(env._("A line's text is too long (256 characters at most)."))
            if text:
                line[fname] = text
        if operation in ('install', 'change'):
            product_id = self._kam_int(values.get('product_id'))
            if product_id not in products.ids:
                raise ValidationError(env._("Choose one of the offered products."))
            line['product_id'] = product_id
            try:
                line['quantity'] = float(values.get('quantity') or 1)
            except ValueError:
                raise ValidationError(env._("The quantity must be a number.")) from None
        if operation in MEMBER_OPERATIONS:
            if operation != 'member_add':
                # picked in the list, or (in a large group) given by the current number
                if values.get('member_id') or not (values.get('member_mobile') or '').strip():
                    which = [('id', '=', self._kam_int(values.get('member_id')))]
                else:
                    which = [('mobile', '=', normalize_cn_mobile(env, values['member_mobile']))]
                member = env['kam.member'].sudo().search(
                    which + [('partner_id', 'in', allowed.ids), ('state', '!=', 'removed')], limit=1)
                if not member:
                    # never says whether the member exists elsewhere
                    raise ValidationError(env._(
                        "Choose a member of your own company (group administrators: of "
                        "the companies they administer)."))
                line['member_id'] = member.id
            if values.get('member_partner_id') or operation == 'member_add':
                company_id = self._kam_int(values.get('member_partner_id')) or \
                    env.user.partner_id.commercial_partner_id.id
                if company_id not in allowed.ids:
                    raise AccessError(env._(
                        "You may only add members to your own company (group administrators: "
                        "to the companies they administer)."))
                line['member_partner_id'] = company_id
        return line

    @api.model
    def _kam_portal_attachment(self, name, data):
        env = self.env
        max_mb = self._kam_max_attachment_mb()
        if len(data) > max_mb * 1024 * 1024:
            raise ValidationError(env._(
                "%(file)s is %(size).1f MB, above the limit of %(max)s MB.",
                file=name, size=len(data) / 1024 / 1024, max=max_mb))
        mimetype = guess_mimetype(data, default='application/octet-stream')
        if mimetype not in ATTACHMENT_MIMETYPES or name.lower().rsplit('.', 1)[-1] in (
                'exe', 'bat', 'cmd', 'com', 'js', 'msi', 'ps1', 'scr', 'sh', 'vbs', 'jar', 'apk'):
            raise ValidationError(env._(
                "%(file)s cannot be attached: send a PDF, an image, a text, Word or Excel file.",
                file=name))
        return name, data, mimetype

    def _kam_portal_check(self):
        """The current portal user reads this work order (record rules)."""
        self.ensure_one()
        self.check_access('read')
        return self.sudo()

    def _kam_portal_cancel(self):
        request = self._kam_portal_check()
        if request.state != 'submitted':
            raise ValidationError(self.env._(
                "Only a submitted request can be cancelled; call your account manager."))
        request.action_cancel()
        return True

    def _kam_portal_rate(self, value, comment=None):
        request = self._kam_portal_check()
        return request._kam_rate(value, comment)

    @api.model
    def _kam_int(self, value):
        try:
            return int(value or 0)
        except (TypeError, ValueError):
            return 0
