from odoo import api, models

from .kam_phone import MaskedPhone


class ResPartner(models.Model):
    """Contacts of key accounts (persons of a company in a key account's
    group): their phone numbers are masked for users who do not serve the
    account, as group members' are; partners themselves stay visible. A
    partner's own user, companies and partners outside the key accounts'
    groups keep Odoo's behaviour."""
    _name = 'res.partner'
    _inherit = ['res.partner', 'kam.phone.reveal.mixin']

    _kam_phone_fields = ('phone',)

    phone = MaskedPhone(
        help="The phone number. For a contact of a key account (a person of a company in a "
             "key account's group), shown masked (138****5678) to users who do not serve "
             "the account.")
    # the search column of Odoo's phone fields: the same number, the same rule
    phone_sanitized = MaskedPhone()

    def _kam_phone_shown(self):
        """The current user reads this partner's numbers in full: it is no
        key account's contact, it is his own partner, or he serves the
        contact's key account (portal: the group administrator over his
        company and the companies below it)."""
        self.ensure_one()
        env = self.env
        if env.su:
            return True
        partner = self.sudo()
        if partner.is_company or not partner.parent_id or not partner.kam_group_path:
            return True
        if partner.id == env.user.partner_id.id:
            return True
        account = partner._kam_serving_account()
        if not account:
            return True
        if account.kam_manager_id.id == env.uid or \
                account.id in env['res.users']._kam_served_account_ids(env.uid):
            return True
        if env.user.share:
            return self._kam_portal_admin_covers(partner.parent_id)
        return False

    @api.model
    def _kam_portal_admin_covers(self, company):
        """The current portal user is his group's administrator and
        ``company`` is his company or one below it."""
        partner = self.env.user.partner_id.sudo()
        if not partner.kam_portal_group_admin:
            return False
        own_path = partner.commercial_partner_id.kam_group_path
        path = company.sudo().commercial_partner_id.kam_group_path
        return bool(own_path and path and path.startswith(own_path))

    def _kam_log_scope(self):
        return self.filtered(lambda p: not p.sudo().is_company and p.sudo().kam_group_path)
