from odoo import models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    """The account dossier: one click from the key account to its PDF."""
    _inherit = 'res.partner'

    def action_kam_print_dossier(self):
        """Print the account dossier of these key accounts (the report
        checks, when it renders, that the reader is a Key Accounts user)."""
        not_key = self.filtered(lambda partner: not partner.kam_is_key_account)
        if not_key:
            raise UserError(self.env._(
                "%s is not a key account: dossiers are printed for key accounts only.",
                not_key[0].display_name))
        return self.env.ref('key_account_management.action_report_kam_account_dossier') \
            .report_action(self)
