from werkzeug.exceptions import RequestEntityTooLarge

from odoo import models
from odoo.http import request

from .kam_service_request_portal import SUBMIT_URL, TOO_LARGE


class IrHttp(models.AbstractModel):
    """The portal speaks the customer's language, mail's texts included.

    A portal work order posted with files above the limit is refused
    before its body is read (the route's ``max_content_length``), by
    werkzeug's ``413 Request Entity Too Large``: the customer gets the form
    back with the product's own message in his language, not Odoo's English
    error page."""
    _inherit = 'ir.http'

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # the portal's chatter (work orders, contracts, projects) speaks the
        # customer's language: mail's own texts ("The conversation is
        # empty.", "or press CTRL + Enter") reach the portal too
        mods = super()._get_translation_frontend_modules_name()
        return mods + ['mail']

    @classmethod
    def _handle_error(cls, exception):
        if isinstance(exception, RequestEntityTooLarge) \
                and request.httprequest.path == SUBMIT_URL and request.env.uid:
            # the type comes in the form's URL: its body was not read
            type_id = request.env['kam.service.request']._kam_int(
                request.httprequest.args.get('type_id'))
            return request.redirect(f'/my/requests/new/{type_id}?error={TOO_LARGE}', code=303)
        return super()._handle_error(exception)
