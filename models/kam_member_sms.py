from odoo import fields, models


class KamMember(models.Model):
    """Group SMS to members chosen in the group members list."""
    _inherit = 'kam.member'

    def action_kam_send_sms(self):
        """A new group SMS to the selected members (their key accounts are
        the send's accounts, so the sender's rights are checked on them)."""
        members = self.filtered(lambda m: m.state == 'active')
        accounts = members.sudo().kam_account_id
        return {
            'type': 'ir.actions.act_window',
            'name': self.env._("Send SMS"),
            'res_model': 'kam.sms.send',
            'view_mode': 'form',
            'views': [(False, 'form')],
            'target': 'current',
            'context': {
                'default_audience': 'selected',
                'default_member_ids': [fields.Command.set(members.ids)],
                'default_account_ids': [fields.Command.set(accounts.ids)],
                'default_name': self.env._("SMS to %s members", len(members)),
            },
        }
