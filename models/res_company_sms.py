from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_kannel_api import KamKannelApi, is_http_url

KAM_SMS_KANNEL = 'kannel'


class ResCompany(models.Model):
    """The company's SMS provider: Odoo's IAP (the default) or the
    operator's Kannel gateway. Odoo's ``sms`` has no provider field of its
    own (``sms_twilio`` adds one), so the choice is ours."""
    _inherit = 'res.company'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    kam_sms_provider = fields.Selection([
        ('iap', "Odoo IAP"),
        (KAM_SMS_KANNEL, "Kannel"),
    ], string="SMS Provider", default='iap', required=True,
        help="Odoo IAP sends the company's SMS through Odoo's paid service; Kannel sends them "
             "through the operator's own Kannel gateway and its SMSC.")
    kam_kannel_url = fields.Char(
        "Smsbox URL", groups='base.group_system',
        help="Address of the sendsms interface of Kannel's smsbox, such as "
             "http://10.1.2.3:13013/cgi-bin/sendsms.")
    kam_kannel_username = fields.Char(
        "Sendsms Username", groups='base.group_system',
        help="Username of the sendsms-user group of the Kannel configuration.")
    kam_kannel_password = fields.Char(
        "Sendsms Password", groups='base.group_system',
        help="Password of the sendsms-user group of the Kannel configuration.")
    kam_kannel_dlr_secret = fields.Char(
        "DLR Secret", groups='base.group_system', copy=False,
        help="Secret of this company signing the addresses Kannel calls back (delivery "
             "reports and replies): change it and the old addresses stop working.")
    kam_kannel_callback_url = fields.Char(
        "Odoo Address for Kannel", groups='base.group_system',
        help="Address at which Kannel reaches this Odoo for delivery reports and replies, "
             "such as http://10.1.2.4:8069; empty: the web base URL.")
    kam_sms_sender = fields.Char(
        "Sender ID", groups='base.group_system',
        help="Sender number or extension code the recipients see (Kannel's from).")
    kam_sms_signature = fields.Char(
        "SMS Signature",
        help="Signature put before every message, such as 【华东通信】, as carriers require.")
    kam_sms_batch_size = fields.Integer(
        "SMS Batch Size", default=100,
        help="Messages handed to Kannel in one batch of the sending job.")
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
            raise ValidationError(self.env._("The SMS batch size is between 1 and 1000."))

    @api.constrains('kam_sms_provider', 'kam_kannel_url', 'kam_kannel_username',
                    'kam_kannel_password', 'kam_kannel_dlr_secret', 'kam_kannel_callback_url')
    def _check_kam_kannel(self):
        # checked on each change of Kannel's fields, not only when the
        # provider is chosen: a gateway in use keeps a usable configuration
        for company in self.sudo().filtered(lambda c: c.kam_sms_provider == KAM_SMS_KANNEL):
            if not is_http_url(company.kam_kannel_url) or not company.kam_kannel_username \
                    or not company.kam_kannel_password or not company.kam_kannel_dlr_secret:
                raise ValidationError(self.env._(
                    "Kannel needs its smsbox URL (http:// or https://), the sendsms username "
                    "and password, and a DLR secret."))
            if company.kam_kannel_callback_url and not is_http_url(company.kam_kannel_callback_url):
                raise ValidationError(self.env._(
                    "The address of Odoo for Kannel starts with http:// or https://."))

    # ------------------------------------------------------------
    # SMS provider
    # ------------------------------------------------------------

    def _get_sms_api_class(self):
        self.ensure_one()
        if self.kam_sms_provider == KAM_SMS_KANNEL:
            return KamKannelApi
        return super()._get_sms_api_class()
