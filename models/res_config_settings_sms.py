from odoo import api, fields, models

from .kam_kannel_api import kannel_inbound_url, kannel_probe


class ResConfigSettings(models.TransientModel):
    """The company's SMS provider on the Key Accounts settings page."""
    _inherit = 'res.config.settings'

    kam_sms_provider = fields.Selection(
        related='company_id.kam_sms_provider', readonly=False, required=True,
        help="Odoo IAP, or the operator's own Kannel gateway.")
    kam_kannel_url = fields.Char(
        related='company_id.kam_kannel_url', readonly=False, groups='base.group_system',
        help="Address of the sendsms interface of Kannel's smsbox.")
    kam_kannel_username = fields.Char(
        related='company_id.kam_kannel_username', readonly=False, groups='base.group_system',
        help="Username of the sendsms-user group of the Kannel configuration.")
    kam_kannel_password = fields.Char(
        related='company_id.kam_kannel_password', readonly=False, groups='base.group_system',
        help="Password of the sendsms-user group of the Kannel configuration.")
    kam_kannel_dlr_secret = fields.Char(
        related='company_id.kam_kannel_dlr_secret', readonly=False, groups='base.group_system',
        help="Secret signing the addresses Kannel calls back (delivery reports and replies).")
    kam_kannel_callback_url = fields.Char(
        related='company_id.kam_kannel_callback_url', readonly=False,
        groups='base.group_system',
        help="Address at which Kannel reaches this Odoo; empty: the web base URL.")
    kam_kannel_inbound_url = fields.Char(
        "Replies Address", compute='_compute_kam_kannel_inbound_url', groups='base.group_system',
        help="The get-url of the sms-service of the Kannel configuration: the replies of "
             "recipients (TD to opt out) come to it.")
    kam_sms_sender = fields.Char(
        related='company_id.kam_sms_sender', readonly=False, groups='base.group_system',
        help="Sender number or extension code shown to the recipients.")
    kam_sms_signature = fields.Char(
        related='company_id.kam_sms_signature', readonly=False,
        help="Signature put before every message, such as 【华东通信】.")
    kam_sms_batch_size = fields.Integer(
        related='company_id.kam_sms_batch_size', readonly=False,
        help="Messages handed to Kannel in one batch of the sending job.")
    kam_sms_segment_price = fields.Monetary(
        related='company_id.kam_sms_segment_price', readonly=False,
        currency_field='kam_sms_currency_id',
        help="Price of one SMS segment, for the cost previews of group sends.")
    kam_sms_currency_id = fields.Many2one(
        related='company_id.currency_id', string="SMS Currency",
            help="Currency of the segment price.")

    @api.depends('company_id')
    def _compute_kam_kannel_inbound_url(self):
        for settings in self:
            company = settings.company_id.sudo()
            settings.kam_kannel_inbound_url = kannel_inbound_url(company) \
                if company.kam_kannel_dlr_secret else False

    def action_kam_kannel_test(self):
        """Ask the smsbox of the settings as typed (nothing is sent) and say
        what it answered."""
        self.ensure_one()
        ok, message = kannel_probe(self.env, self.kam_kannel_url, self.kam_kannel_username,
                                   self.kam_kannel_password)
        return {
            'type': 'ir.actions.client',
            'tag': 'display_notification',
            'params': {
                'title': self.env._("Kannel"),
                'message': message,
                'type': 'success' if ok else 'danger',
                'sticky': not ok,
            },
        }
