from odoo import fields, models


class ResPartner(models.Model):
    """Group SMS from a key account, or from a selection of accounts."""
    _inherit = 'res.partner'

    def action_kam_send_sms(self):
        """A new group SMS to the contacts of these key accounts (their
        group members when chosen on the form)."""
        accounts = self.filtered(lambda p: p.is_company and p.kam_is_key_account)
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Send SMS"),
            'res_model': 'kam.sms.send',
            'view_mode': 'form',
            'views': [(False, 'form')],
            'target': 'current',
            'context': {
                'default_account_ids': [fields.Command.set(accounts.ids)],
                'default_name': self.env._("SMS to %s", accounts[:1].name) if len(accounts) == 1
                else self.env._("SMS to %s accounts", len(accounts)),
            },
        }
