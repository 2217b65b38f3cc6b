from odoo import fields, models


class KamAnnouncementRead(models.Model):
    """One reader of an announcement: a staff member who marked it read, or a
    customer's portal user who dismissed its notice. A row per announcement
    and user, with the time."""
    _name = 'kam.announcement.read'
    _description = "Announcement Read Receipt"
    _order = 'date_read desc, id desc'

    announcement_id = fields.Many2one(
        'kam.announcement', "Announcement", required=True, index=True, ondelete='cascade',
        readonly=True, help="The announcement read.")
    user_id = fields.Many2one(
        'res.users', "Read By", required=True, index=True, ondelete='cascade', readonly=True,
        help="Who read it (or dismissed it in the portal).")
    date_read = fields.Datetime(
        "Read On", required=True, readonly=True, default=fields.Datetime.now,
        help="When it was marked read.")

    _announcement_user_uniq = models.Constraint(
        'UNIQUE(announcement_id, user_id)', "An announcement is read once per user.")
