from odoo import models


class KamPhoneMaskMixin(models.AbstractModel):
    """Records of a key account that carry personal phone numbers (group
    members, group SMS recipients) in ``MaskedPhone`` fields: the numbers
    read in full for the account's manager and team and, in the portal, for
    the customer's group administrator over his company and the companies
    below it; masked for everyone else who may read the record (region
    heads, Key Accounts Managers, other portal users of the group). The
    decision reads the record's own rule columns (kam.account.rule.mixin)."""
    _name = 'kam.phone.mask.mixin'
    _description = "Masked Phone Numbers Mixin"

    # field pointing at the customer's company the record belongs to
    _kam_phone_company_field = 'partner_id'

    def _kam_phone_shown(self):
        """The current user reads this record's phone numbers in full."""
        self.ensure_one()
        env = self.env
        if env.su:
            return True
        record = self.sudo()
        if record.kam_account_manager_id.id == env.uid:
            return True
        account_id = record.kam_account_id.id
        if account_id and account_id in env['res.users']._kam_served_account_ids(env.uid):
            return True
        if env.user.share:
            return env['res.partner']._kam_portal_admin_covers(
                record[self._kam_phone_company_field])
        return False
