from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .kam_tools import process_in_chunks

AUDIENCES = [
    ('managers', "All Account Managers"),
    ('tier', "Managers of a Tier's Accounts"),
    ('portal', "Customers' Portal Users"),
]
STAFF = 'base.group_user'


class KamAnnouncement(models.Model):
    """A notice of the key-account department (公告): to every account
    manager, to the managers of one tier's accounts, or to the portal users
    of chosen customers. Published, it reaches staff in the Discuss channel
    "Key Account Announcements" and customers on their portal home until it
    expires; must-reads keep who has read them."""
    _name = 'kam.announcement'
    _description = "Announcement"
    _inherit = ['mail.thread', 'kam.state.guard.mixin']
    # unread must-reads first (see _order_field_to_sql)
    _order = 'to_read desc, date_publish desc, id desc'
    _check_company_auto = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char("Title", required=True, tracking=True, help="The announcement's headline.")
    body = fields.Html("Message", sanitize=True, help="What the audience should know or do.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company,
        help="The operator's company announcing.")
    state = fields.Selection([
        ('draft', "Draft"),
        ('published', "Published"),
        ('expired', "Expired"),
    ], "Status", default='draft', required=True, copy=False, tracking=True, index=True,
        help="Draft: Managers only. Published: shown to its audience until the expiry date; "
             "a daily job then marks it expired.")
    audience = fields.Selection(
        AUDIENCES, required=True, default='managers', tracking=True,
        help="Who is told: every Key Accounts user, the account managers of one tier's "
             "accounts, or the portal users of the chosen customers.")
    tier_id = fields.Many2one(
        'kam.tier', help="With the tier audience: whose accounts' managers are told.")
    partner_ids = fields.Many2many(
        'res.partner', 'kam_announcement_partner_rel', 'announcement_id', 'partner_id',
        string="Customers", domain=[('is_company', '=', True), ('kam_is_key_account', '=', True)],
        help="With the portal audience: the key accounts whose portal users see the notice "
             "(theirs and their subsidiaries').")
    date_publish = fields.Date(
        "Publish Date", required=True, default=fields.Date.context_today, tracking=True,
        help="Shown to its audience from this day.")
    date_expire = fields.Date(
        "Expiry Date", tracking=True,
        help="Last day it is shown; the daily job marks it expired the day after. Empty: "
             "until a Manager expires it.")
    must_read = fields.Boolean(
        tracking=True,
        help="Staff confirm with \"Mark as read\"; the announcement lists who has not yet.")
    recipient_user_ids = fields.Many2many(
        'res.users', 'kam_announcement_recipient_rel', 'announcement_id', 'user_id',
        string="Recipients", readonly=True, copy=False, groups=STAFF,
        help="The users of the audience when it was published.")
    read_ids = fields.One2many(
        'kam.announcement.read', 'announcement_id', "Read Receipts", readonly=True,
        groups=STAFF, help="Who has read it, and when.")
    unread_user_ids = fields.Many2many(
        'res.users', string="Not Read Yet", compute='_compute_reading', groups=STAFF,
        help="Recipients who have not marked it read.")
    read_count = fields.Integer(
        "Read", compute='_compute_reading', groups=STAFF, help="Recipients who have read it.")
    recipient_count = fields.Integer(
        "Audience Size", compute='_compute_reading', groups=STAFF,
        help="Users it was published to.")
    is_read = fields.Boolean(
        "Read by Me", compute='_compute_is_read', help="You have marked it read.")
    to_read = fields.Boolean(
        compute='_compute_is_read', search='_search_to_read',
        help="A published must-read you have not marked read.")
    is_channel_posted = fields.Boolean(
        "Posted in Discuss", readonly=True, copy=False,
        help="Posted in the channel \"Key Account Announcements\" when published.")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('date_publish', 'date_expire')
    def _check_dates(self):
        if any(a.date_expire and a.date_expire < a.date_publish for a in self):
            raise ValidationError(self.env._("An announcement cannot expire before it is published."))

    @api.constrains('audience', 'tier_id', 'partner_ids')
    def _check_audience(self):
        for announcement in self:
            if announcement.audience == 'tier' and not announcement.tier_id:
                raise ValidationError(self.env._("Choose the tier whose account managers are told."))
            if announcement.audience == 'portal' and not announcement.partner_ids:
                raise ValidationError(self.env._("Choose the customers whose portal users are told."))

    # ------------------------------------------------------------
    # Compute and search
    # ------------------------------------------------------------

    @api.depends('recipient_user_ids', 'read_ids.user_id')
    def _compute_reading(self):
        for announcement in self:
            readers = announcement.sudo().read_ids.user_id
            recipients = announcement.sudo().recipient_user_ids
            announcement.unread_user_ids = recipients - readers
            announcement.read_count = len(readers & recipients)
            announcement.recipient_count = len(recipients)

    @api.depends_context('uid')
    @api.depends('read_ids.user_id', 'must_read', 'state')
    def _compute_is_read(self):
        read = set(self.env['kam.announcement.read'].sudo().search([
            ('announcement_id', 'in', self._origin.ids),
            ('user_id', '=', self.env.uid)]).announcement_id.ids)
        for announcement in self:
            announcement.is_read = announcement._origin.id in read
            announcement.to_read = (announcement.must_read and announcement.state == 'published'
                                    and not announcement.is_read)

    def _unread_sql(self, alias):
        return SQL(
            "(%s.must_read IS TRUE AND %s.state = 'published' AND NOT EXISTS ("
            "SELECT 1 FROM kam_announcement_read r WHERE r.announcement_id = %s AND r.user_id = %s))",
            SQL.identifier(alias), SQL.identifier(alias), SQL.identifier(alias, 'id'), self.env.uid)

    def _search_to_read(self, operator, value):
        if operator not in ('in', 'not in'):
            return NotImplemented
        query = self._search([])
        query.add_where(self._unread_sql(query.table))
        return [('id', operator, query)]

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        if field_name == 'to_read':
            return SQL("%s %s %s", self._unread_sql(alias), direction, nulls)
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    # ------------------------------------------------------------
    # Audience
    # ------------------------------------------------------------

    def _kam_audience_users(self):
        """The users the announcement is addressed to, as of now."""
        self.ensure_one()
        Users = self.env['res.users'].sudo()
        if self.audience == 'managers':
            group = self.env.ref('key_account_management.group_kam_user')
            return Users.search([('all_group_ids', 'in', group.ids), ('share', '=', False)])
        if self.audience == 'tier':
            rows = self.env['res.partner'].sudo()._read_group(
                [('kam_is_key_account', '=', True), ('kam_tier_id', '=', self.tier_id.id),
                 ('kam_manager_id', '!=', False)], ['kam_manager_id'])
            return Users.union(*(user for user, in rows)).filtered('active')
        return Users.search([('share', '=', True),
                             ('partner_id', 'child_of', self.partner_ids.ids)])

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_publish(self):
        self._kam_check_state(('draft',), self.env._("Publishing"))
        today = fields.Date.context_today(self)
        if any(a.date_expire and a.date_expire < today for a in self):
            raise UserError(self.env._("This announcement's expiry date has passed: "
                                       "change it before publishing."))
        self.check_access('write')
        for announcement in self:
            recipients = announcement._kam_audience_users()
            announcement._kam_move_state({'state': 'published',
                                          'recipient_user_ids': [(6, 0, recipients.ids)]})
            announcement._kam_post_to_channel(recipients)
        return True

    def action_expire(self):
        self._kam_check_state(('published',), self.env._("Expiring"))
        self._kam_move_state({'state': 'expired'})
        return True

    def action_mark_read(self):
        """The current user confirms he has read these announcements."""
        self.check_access('read')
        if any(a.state == 'draft' for a in self):
            raise UserError(self.env._("A draft announcement cannot be marked read."))
        self._kam_mark_read(self.env.user)
        return True

    def _kam_mark_read(self, user):
        Read = self.env['kam.announcement.read'].sudo()
        done = Read.search([('announcement_id', 'in', self.ids), ('user_id', '=', user.id)])
        Read.create([{'announcement_id': a.id, 'user_id': user.id}
                     for a in self - done.announcement_id])

    def _kam_post_to_channel(self, recipients):
        """Staff hear of it the way Odoo tells them: a post in the channel of
        the key-account staff, mentioning the recipients so that it lands in
        their inbox. Posted once: a second publish never posts again."""
        self.ensure_one()
        if self.is_channel_posted or self.audience == 'portal':
            return
        channel = self.env.ref('key_account_management.discuss_channel_kam_announcements',
                               raise_if_not_found=False)
        if not channel:
            return
        body = self.env['ir.qweb']._render('key_account_management.kam_announcement_post', {
            'announcement': self})
        channel.sudo().message_post(
            body=body, subject=self.name, message_type='comment',
            subtype_xmlid='mail.mt_comment', author_id=self.env.user.partner_id.id,
            partner_ids=recipients.partner_id.ids if self.audience == 'tier' else [])
        self.sudo().is_channel_posted = True

    # ------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------

    @api.model
    def _cron_expire(self):
        """Published announcements past their expiry date become expired;
        a rerun finds nothing more to do."""
        today = fields.Date.context_today(self)
        return process_in_chunks(
            self.sudo(), [('state', '=', 'published'), ('date_expire', '<', today)],
            lambda announcements: announcements.write({'state': 'expired'}))

    # ------------------------------------------------------------
    # Install
    # ------------------------------------------------------------

    @api.model
    def _kam_name_channel(self):
        """Name the staff channel made at install in the administrator's
        language: a channel's name is one text for every member, and the
        data file can only write it in English."""
        channel = self.env.ref('key_account_management.discuss_channel_kam_announcements',
                               raise_if_not_found=False)
        admin = self.env.ref('base.user_admin', raise_if_not_found=False)
        if not channel or not admin or (admin.lang or 'en_US') == 'en_US':
            return True
        env = self.with_context(lang=admin.lang).env
        channel.write({
            'name': env._("Key Account Announcements"),
            'description': env._("Announcements of the key-account department to the "
                                 "account managers."),
        })
        return True

    # ------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------

    @api.model
    def _kam_portal_domain(self):
        """The notices the current portal user may see: published, begun,
        not expired, addressed to him (the record rule adds that)."""
        today = fields.Date.context_today(self)
        return [('state', '=', 'published'), ('audience', '=', 'portal'),
                ('date_publish', '<=', today),
                '|', ('date_expire', '=', False), ('date_expire', '>=', today)]

    @api.model
    def _kam_portal_notices(self):
        dismissed = self.env['kam.announcement.read'].sudo().search(
            [('user_id', '=', self.env.uid)]).announcement_id
        return self.search(self._kam_portal_domain() + [('id', 'not in', dismissed.ids)],
                           order='date_publish desc, id desc')
