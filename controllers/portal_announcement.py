from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class KamAnnouncementPortal(CustomerPortal):

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        Announcement = request.env['kam.announcement']
        if request.env.user._is_portal() and Announcement.has_access('read'):
            response.qcontext['kam_announcements'] = Announcement._kam_portal_notices()
        return response

    @http.route(['/my/announcements/<int:announcement_id>/dismiss'], type='http', auth='user',
                methods=['POST'], website=True)
    def portal_kam_announcement_dismiss(self, announcement_id, **kw):
        """Hide a notice for this user. Only a notice the user is shown may
        be dismissed; any other id answers 404, saying nothing of it."""
        Announcement = request.env['kam.announcement']
        announcement = Announcement.search(
            [('id', '=', announcement_id)] + Announcement._kam_portal_domain(), limit=1) \
            if request.env.user._is_portal() and Announcement.has_access('read') else Announcement
        if not announcement:
            raise request.not_found()
        announcement._kam_mark_read(request.env.user)
        return request.redirect('/my')
