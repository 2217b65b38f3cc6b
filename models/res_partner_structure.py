from odoo import api, models
from odoo.exceptions import AccessError

from .res_partner import KAM_MANAGER, KAM_USER


class ResPartner(models.Model):
    """Who changes the structure of a key account: its place in a group,
    archiving, deleting and merging it and its decision-map contacts are for
    its manager, its team and Key Accounts Managers, whoever asks; its
    manager and its key-account flag change by a Key Accounts Manager's act
    (or the current manager handing the account over). The other partner
    fields keep Odoo's rights: finance and sales work on a key account as on
    any customer."""
    _inherit = 'res.partner'

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        structure = 'parent_id' in vals or 'active' in vals
        owner = 'kam_manager_id' in vals or 'kam_is_key_account' in vals
        if self and not self.env.su and (structure or owner):
            # Odoo's own rights first: the messages below name the account
            self.check_access('write')
            if structure:
                self._kam_check_structure_write(vals)
            if owner:
                self._kam_check_owner_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_kam_structure(self):
        """Companies of a key account's group and contacts on its decision
        map are deleted only by those who may change the account (a key
        account itself only by a Key Accounts Manager: see
        ``_unlink_kam_accounts``). Merging deletes too: the merge wizard
        checks the same before it merges as superuser."""
        if not self.env.su:
            self._kam_check_structure_rights()

    # ------------------------------------------------------------
    # Business
    # ------------------------------------------------------------

    def _kam_structure_account(self):
        """The key account whose structure this partner belongs to: for a
        company, itself when it is a key account or has a manager, else the
        key account above it in its group; for a contact on a decision map,
        its company's. Empty otherwise (read with sudo)."""
        self.ensure_one()
        if not self.is_company and not (self.kam_buying_role or self.kam_attitude):
            return self.browse()
        account = self.commercial_partner_id
        if account.kam_manager_id:
            return account
        return self._kam_serving_account()

    def _kam_check_structure_rights(self, accounts=None):
        """Refuse, unless the user may change every key account concerned:
        the structure accounts of ``self`` and the given ``accounts``."""
        user = self.env.user
        if user.has_group(KAM_MANAGER):
            return
        concerned = self.browse().sudo()
        for partner in self.sudo():
            concerned |= partner._kam_structure_account()
        concerned |= accounts or self.browse()
        for account in concerned.sudo():
            if not account._kam_user_may_change(user):
                raise AccessError(self.env._(
                    "Only the account manager and team of %(account)s, or a Key Accounts "
                    "Manager, change its place in a group, archive, delete or merge it or "
                    "its decision-map contacts.", account=self._kam_name_for_user(account)))

    def _kam_check_structure_write(self, vals):
        moved = self.browse()
        if 'parent_id' in vals:
            moved = self.filtered(lambda p: p.parent_id.id != (vals['parent_id'] or False))
        toggled = self.browse()
        if 'active' in vals:
            toggled = self.filtered(lambda p: p.active != bool(vals['active']))
        changed = moved | toggled
        if not changed:
            return
        # a key account moved into a group changes that group too
        new_parent = self.sudo().browse(vals.get('parent_id') or [])
        joined = self.browse()
        if new_parent and any(p.kam_is_key_account or p.kam_manager_id for p in moved.sudo()):
            joined = new_parent._kam_serving_account() if new_parent.is_company else joined
        changed._kam_check_structure_rights(joined)

    def _kam_check_owner_write(self, vals):
        """Choosing an account's manager and (un)marking a key account: a
        Key Accounts Manager's act, or a region head's in his regions; the
        current manager may hand his account over. Any Key Accounts user
        may make an unmanaged partner a key account."""
        user = self.env.user
        if user.has_group(KAM_MANAGER):
            return
        manager = vals.get('kam_manager_id') or False
        manager = getattr(manager, 'id', manager)
        for account in self.sudo():
            changes_manager = 'kam_manager_id' in vals and account.kam_manager_id.id != manager
            changes_flag = ('kam_is_key_account' in vals
                            and account.kam_is_key_account != bool(vals['kam_is_key_account']))
            if not (changes_manager or changes_flag):
                continue
            if not user.has_group(KAM_USER):
                raise AccessError(self.env._(
                    "Only Key Accounts users mark key accounts and choose their managers."))
            if not account.kam_is_key_account and not account.kam_manager_id:
                continue
            unmarks = changes_flag and not vals['kam_is_key_account']
            if account._kam_user_may_reassign(user) or (
                    account.kam_manager_id == user and not unmarks):
                continue
            raise AccessError(self.env._(
                "Only a Key Accounts Manager (or the account manager handing it over) changes "
                "the manager of %(account)s or whether it is a key account.",
                account=self._kam_name_for_user(account)))

    def _kam_user_may_reassign(self, user):
        """``user`` (a Key Accounts user, not a Manager) chooses this
        account's manager and flag (read with sudo); extended by regions."""
        self.ensure_one()
        return False

    def _kam_name_for_user(self, account):
        """The account's name if the current user may read it, else a
        neutral word: errors never quote what the caller cannot read."""
        if account.with_env(self.env(su=False)).has_access('read'):
            return account.display_name
        return self.env._("this account")
