from odoo import fields, models


class ResPartner(models.Model):
    """Group SMS from a key account, or from a selection of accounts."""
    _inherit = 'res.partner'

    def action_kam_send_sms(self):
        """A new group SMS to the contacts of these key accounts (their
        group members when chosen on the form)."""
        accounts = self.filtered(lambda p: p.is_company and p.kam_is_key_account)
        return self.env['kam.sms.send']._kam_compose_action(
            self.env._("SMS to %s", accounts[:1].name) if len(accounts) == 1
            else self.env._("SMS to %s accounts", len(accounts)),
            account_ids=[fields.Command.set(accounts.ids)])
