from odoo import fields, models


class KamAnnouncementRead(models.Model):
    """One reader of an announcement: a staff member who marked it read, or a
    customer's portal user who dismissed its notice. A row per announcement
    and user, with the time. A user reads his own receipts, and those of the
    announcements to every manager (the announcement's audience is kept on
    the receipt's own row for the record rule); Managers read all."""
    _name = 'kam.announcement.read'
    _description = "Announcement Read Receipt"
    _order = 'date_read desc, id desc'

    announcement_id = fields.Many2one(
        'kam.announcement', required=True, index=True, ondelete='cascade',
        readonly=True, help="The announcement read.")
    user_id = fields.Many2one(
        'res.users', "Read By", required=True, index=True, ondelete='cascade', readonly=True,
        help="Who read it (or dismissed it in the portal).")
    audience = fields.Selection(
        related='announcement_id.audience', store=True, index=True,
        help="Who the announcement was for: every Key Accounts user reads the receipts of "
             "the announcements to every manager.")
    date_read = fields.Datetime(
        "Read On", required=True, readonly=True, default=fields.Datetime.now,
        help="When it was marked read.")

    _announcement_user_uniq = models.Constraint(
        'UNIQUE(announcement_id, user_id)', "An announcement is read once per user.")
