from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from ..models.kam_signup_code import signup_setting
from ..models.kam_signup_request import PUBLIC_FIELDS

SIGNUP_ROUTE = '/kam/apply'


class KamSignup(http.Controller):
    """The public sign-up page: an organisation applies to become a
    customer, the applicant's mobile verified by a texted code. No login,
    no user and no partner made; every answer is the same whether the
    organisation is known or not. The model checks every posted value."""

    def _kam_ip(self):
        return request.httprequest.remote_addr or False

    def _kam_form(self, posted=None, error=None):
        industries = request.env['kam.industry'].sudo().search([])
        return request.render('key_account_management.kam_signup_form', {
            'posted': posted or {}, 'error': error, 'industries': industries,
        })

    def _kam_code_page(self, application, error=None, info=None):
        mobile = application.mobile or ''
        return request.render('key_account_management.kam_signup_verify', {
            'token': application.access_token, 'error': error, 'info': info,
            'masked_mobile': f"{mobile[:3]}****{mobile[-4:]}",
            'minutes': signup_setting(request.env, 'code_minutes'),
        })

    def _kam_lost_page(self):
        return request.render('key_account_management.kam_signup_lost', {})

    @http.route(SIGNUP_ROUTE, type='http', auth='public', website=True, methods=['GET'],
                sitemap=False)
    def kam_signup(self, **kw):
        return self._kam_form()

    @http.route(f'{SIGNUP_ROUTE}/code', type='http', auth='public', website=True,
                methods=['POST'], sitemap=False)
    def kam_signup_code(self, **post):
        posted = {name: post.get(name, '') for name in PUBLIC_FIELDS}
        try:
            with request.env.cr.savepoint():
                application = request.env['kam.signup.request']._kam_submit(
                    posted, self._kam_ip())
        except (UserError, ValidationError) as error:
            return self._kam_form(posted, error.args[0])
        return self._kam_code_page(application)

    @http.route(f'{SIGNUP_ROUTE}/verify', type='http', auth='public', website=True,
                methods=['GET', 'POST'], sitemap=False)
    def kam_signup_verify(self, token=None, code=None, **kw):
        application = request.env['kam.signup.request']._kam_from_token(token)
        if not application:
            return self._kam_lost_page()
        if request.httprequest.method == 'GET':
            return self._kam_code_page(application)
        # a wrong code is counted (committed): no savepoint rolls it back
        ok, problem = application._kam_verify(code)
        if not ok:
            return self._kam_code_page(application, error=problem)
        return request.render('key_account_management.kam_signup_done', {})

    @http.route(f'{SIGNUP_ROUTE}/resend', type='http', auth='public', website=True,
                methods=['POST'], sitemap=False)
    def kam_signup_resend(self, token=None, **kw):
        application = request.env['kam.signup.request']._kam_from_token(token)
        if not application:
            return self._kam_lost_page()
        try:
            with request.env.cr.savepoint():
                application._kam_resend(self._kam_ip())
        except UserError as error:
            return self._kam_code_page(application, error=error.args[0])
        return self._kam_code_page(application, info=request.env._("A new code has been sent."))
