from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The company's SMS provider on the Key Accounts settings page."""
    _inherit = 'res.config.settings'

    kam_sms_provider = fields.Selection(
        related='company_id.kam_sms_provider', readonly=False, required=True,
        help="Odoo IAP, or the operator's own HTTP gateway.")
    kam_sms_gateway_url = fields.Char(
        related='company_id.kam_sms_gateway_url', readonly=False, groups='base.group_system',
        help="Address the SMS batches are posted to.")
    kam_sms_gateway_account = fields.Char(
        related='company_id.kam_sms_gateway_account', readonly=False,
        groups='base.group_system', help="Account name the gateway knows the company by.")
    kam_sms_gateway_secret = fields.Char(
        related='company_id.kam_sms_gateway_secret', readonly=False, groups='base.group_system',
        help="Shared secret signing batches and delivery reports.")
    kam_sms_sender = fields.Char(
        related='company_id.kam_sms_sender', readonly=False, groups='base.group_system',
        help="Sender number or extension code shown to the recipients.")
    kam_sms_signature = fields.Char(
        related='company_id.kam_sms_signature', readonly=False,
        help="Signature put before every message, such as 【华东通信】.")
    kam_sms_batch_size = fields.Integer(
        related='company_id.kam_sms_batch_size', readonly=False,
        help="Messages posted to the gateway in one request.")
    kam_sms_segment_price = fields.Monetary(
        related='company_id.kam_sms_segment_price', readonly=False,
        currency_field='kam_sms_currency_id',
        help="Price of one SMS segment, for the cost previews of group sends.")
    kam_sms_currency_id = fields.Many2one(
        related='company_id.currency_id', string="SMS Currency",
            help="Currency of the segment price.")
