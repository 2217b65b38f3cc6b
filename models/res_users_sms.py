from odoo import api, fields, models

from .kam_phone import normalize_cn_mobile

KAM_SMS_USER_FIELDS = ['kam_sms_reminders', 'kam_sms_mobile']


class ResUsers(models.Model):
    """Account managers who want their contract expiry reminders and work
    order SLA escalations by SMS as well, on their own mobile."""
    _inherit = 'res.users'

    kam_sms_reminders = fields.Boolean(
        "Reminders by SMS",
        help="Also get the contract expiry reminders and the work order SLA escalations by "
             "SMS on the mobile below (once per reminder, as the emails).")
    kam_sms_mobile = fields.Char(
        "Mobile for SMS",
        help="The Chinese mobile number reminders are sent to; stored as its 11 digits.")

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + KAM_SMS_USER_FIELDS

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + KAM_SMS_USER_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get('kam_sms_mobile'):
                vals['kam_sms_mobile'] = normalize_cn_mobile(self.env, vals['kam_sms_mobile'])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get('kam_sms_mobile'):
            vals = dict(vals, kam_sms_mobile=normalize_cn_mobile(self.env, vals['kam_sms_mobile']))
        return super().write(vals)

    @api.model
    def _kam_sms_reminders(self, reminders):
        """Queue ``reminders`` ([(user, company, text)]) as Odoo SMS to the
        users who asked for reminders by SMS; Odoo's SMS queue sends them
        with the company's provider. Called in the transaction that records
        the reminder step, so each step is texted once. Returns the SMS."""
        wanted = [(user, company, text) for user, company, text in reminders
                  if user.sudo().kam_sms_reminders and user.sudo().kam_sms_mobile and user.active]
        return self.env['sms.sms'].sudo().create([{
            'number': user.sudo().kam_sms_mobile, 'body': text,
            'partner_id': user.partner_id.id, 'kam_company_id': company.id,
        } for user, company, text in wanted])
