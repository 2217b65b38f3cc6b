from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class KamMarketingPortal(CustomerPortal):
    """Marketing campaigns promoted to the targeted customers: a notice on
    their portal home that each portal user may dismiss."""

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        if getattr(response, 'qcontext', None) is not None:
            response.qcontext['kam_promotions'] = request.env[
                'kam.marketing.plan']._kam_portal_promotions(request.env.user)
        return response

    @http.route(['/my/promotions/<int:plan_id>/dismiss'], type='http', auth='user',
                methods=['POST'], website=True)
    def portal_kam_promotion_dismiss(self, plan_id, **kw):
        # Only a promotion shown to this user can be dismissed by him: any
        # other id (another customer's campaign, a draft) is not found.
        plans = request.env['kam.marketing.plan']._kam_portal_promotions(request.env.user)
        plan = plans.filtered(lambda p: p.id == plan_id)
        if not plan:
            raise NotFound()
        plan.write({'portal_dismissed_user_ids': [(4, request.env.user.id)]})
        return request.redirect('/my')
