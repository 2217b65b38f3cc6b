from odoo import api, fields, models

# written by the ORM from the account, never by callers
ACCOUNT_ACCESS_FIELDS = ('kam_account_id', 'kam_account_manager_id', 'kam_user_ids',
                         'kam_account_region_id')


class KamAccountRuleMixin(models.AbstractModel):
    """Records that belong to a key account (contracts, projects, department
    work, team lines, and the children of such records: contract services
    and reminders, work order lines, group SMS recipients) keep on their own
    row the key account serving them and its manager (and its region, for
    the region heads' rules). The record rules read these stored, indexed
    columns: the user's own accounts by ``kam_account_manager_id`` and the
    accounts whose team he serves by ``kam_account_id`` (among the accounts
    of his team lines, read once per user with the rules; a change of a team
    drops the cached rules, see kam.team.member). PostgreSQL then starts from
    the user's rows with plain index conditions, so a list costs an account
    manager what it costs a department head. They follow the account: a new
    manager or a company moved to another account is written through at
    once. A child keeps the account of its parent, so its rules are its
    parent's, on its own columns.

    Records people list by account also carry ``kam_user_ids``
    (kam.account.access.mixin); children need only these columns."""
    _name = 'kam.account.rule.mixin'
    _description = "Key Account Rule Columns Mixin"

    # field of the inheriting model pointing at the key account, and the
    # fields whose change moves the record to another account
    _kam_account_field = 'partner_id'
    _kam_account_moving_fields = ('partner_id',)

    kam_account_id = fields.Many2one(
        'res.partner', "Serving Key Account", compute='_compute_kam_account_users', store=True,
        index='btree_not_null', groups='base.group_user',
        help="The key account this record belongs to: its own account, or for a company of "
             "a group that is not a key account itself, the key account just above it; kept "
             "in sync with the account. Its manager and team work on this record.")
    kam_account_manager_id = fields.Many2one(
        'res.users', "Account's Manager", compute='_compute_kam_account_users', store=True,
        index='btree_not_null', groups='base.group_user',
        help="The account manager of the account this record belongs to; kept in sync "
             "with the account. Decides, with the account team, who may change it.")
    kam_account_region_id = fields.Many2one(
        'kam.region', "Account's Region", compute='_compute_kam_account_users', store=True,
        index='btree_not_null', groups='base.group_user',
        help="The region of the account this record belongs to; kept in sync with the "
             "account. The heads of that region and of the regions above it work on it.")

    @api.depends(lambda self: (f'{self._kam_account_field}.kam_is_key_account',
                               f'{self._kam_account_field}.kam_manager_id',
                               f'{self._kam_account_field}.kam_region_id',
                               f'{self._kam_account_field}.parent_id.kam_region_id',
                               f'{self._kam_account_field}.parent_id.kam_manager_id'))
    def _compute_kam_account_users(self):
        # who works on the account is read whatever the writer may read
        for record, record_sudo in zip(self, self.sudo()):
            partner = record_sudo[self._kam_account_field]
            account = partner._kam_serving_account() if partner else partner
            record.kam_account_id = account
            record.kam_account_manager_id = account.kam_manager_id
            record.kam_account_region_id = account.kam_region_id

    @api.model_create_multi
    def create(self, vals_list):
        # computed from the account, never taken from the caller
        for vals in vals_list:
            for fname in ACCOUNT_ACCESS_FIELDS:
                vals.pop(fname, None)
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) & set(ACCOUNT_ACCESS_FIELDS):
            vals = {key: value for key, value in vals.items() if key not in ACCOUNT_ACCESS_FIELDS}
        res = super().write(vals)
        if not self.env.su and set(vals) & set(self._kam_account_moving_fields):
            # the rules were checked on the old account: check the new one
            self.check_access('write')
        return res
