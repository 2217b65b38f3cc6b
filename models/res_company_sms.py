from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_sms_api import KamSmsGatewayApi

KAM_SMS_GATEWAY = 'kam_gateway'


class ResCompany(models.Model):
    """The company's SMS provider: Odoo's IAP (the default) or the
    operator's own HTTP gateway. Odoo's ``sms`` has no provider field of its
    own (``sms_twilio`` adds one), so the choice is ours."""
    _inherit = 'res.company'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    kam_sms_provider = fields.Selection([
        ('iap', "Odoo IAP"),
        (KAM_SMS_GATEWAY, "HTTP gateway"),
    ], string="SMS Provider", default='iap', required=True,
        help="Odoo IAP sends the company's SMS through Odoo's paid service; the HTTP gateway "
             "sends them through the operator's own SMS gateway.")
    kam_sms_gateway_url = fields.Char(
        "Gateway URL", groups='base.group_system',
        help="Address the SMS batches are posted to (JSON over HTTPS).")
    kam_sms_gateway_account = fields.Char(
        "Gateway Account", groups='base.group_system',
        help="Account name the gateway knows the company by; sent with each batch and "
             "each delivery report.")
    kam_sms_gateway_secret = fields.Char(
        "Gateway Secret", groups='base.group_system',
        help="Shared secret signing the batches and the delivery reports (HMAC-SHA256).")
    kam_sms_sender = fields.Char(
        "Sender ID", groups='base.group_system',
        help="Sender number or extension code the gateway shows to the recipients.")
    kam_sms_signature = fields.Char(
        "SMS Signature",
        help="Signature put before every message, such as 【华东通信】, as carriers require.")
    kam_sms_batch_size = fields.Integer(
        "Gateway Batch Size", default=100,
        help="Messages posted to the gateway in one request.")
    kam_sms_segment_price = fields.Monetary(
        "Price per SMS Segment", currency_field='currency_id', default=0.05,
        help="What one SMS segment (70 Chinese or 160 Latin characters) costs; group sends "
             "preview their cost with it.")

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains('kam_sms_batch_size')
    def _check_kam_sms_batch_size(self):
        if any(not 1 <= company.kam_sms_batch_size <= 1000 for company in self):
            raise ValidationError(self.env._("The gateway batch size is between 1 and 1000."))

    @api.constrains('kam_sms_provider', 'kam_sms_gateway_url', 'kam_sms_gateway_secret')
    def _check_kam_sms_gateway(self):
        # checked on each change of the gateway's fields, not only when the
        # provider is chosen: a gateway already in use keeps a usable URL
        for company in self.sudo().filtered(lambda c: c.kam_sms_provider == KAM_SMS_GATEWAY):
            url = urlsplit(company.kam_sms_gateway_url or '')
            if url.scheme not in ('http', 'https') or not url.netloc \
                    or not company.kam_sms_gateway_secret:
                raise ValidationError(self.env._(
                    "The HTTP gateway needs its URL (http:// or https://) and its secret."))

    # ------------------------------------------------------------
    # SMS provider
    # ------------------------------------------------------------

    def _get_sms_api_class(self):
        self.ensure_one()
        if self.kam_sms_provider == KAM_SMS_GATEWAY:
            return KamSmsGatewayApi
        return super()._get_sms_api_class()
