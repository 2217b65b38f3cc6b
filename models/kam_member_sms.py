from odoo import fields, models


class KamMember(models.Model):
    """Group SMS to members chosen in the group members list."""
    _inherit = 'kam.member'

    def action_kam_send_sms(self):
        """A new group SMS to the selected members (their key accounts are
        the send's accounts, so the sender's rights are checked on them)."""
        members = self.filtered(lambda m: m.state == 'active')
        accounts = members.sudo().kam_account_id
        return self.env['kam.sms.send']._kam_compose_action(
            self.env._("SMS to %s members", len(members)), audience='selected',
            member_ids=[fields.Command.set(members.ids)], account_ids=[fields.Command.set(accounts.ids)])
