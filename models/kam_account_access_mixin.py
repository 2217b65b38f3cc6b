from odoo import api, fields, models


class KamAccountAccessMixin(models.AbstractModel):
    """Records that belong to a key account and are listed by account
    (contracts, projects, department work, team lines, plans, cases…): the
    rule columns of kam.account.rule.mixin, and ``kam_user_ids`` (the
    account's manager and team users), which feeds the *My Accounts*
    filters. Rules no longer read it: an EXISTS over its relation table has
    PostgreSQL walk a whole list in its order and probe the table for each
    row."""
    _name = 'kam.account.access.mixin'
    _description = "Key Account Access Mixin"
    _inherit = ['kam.account.rule.mixin']

    kam_user_ids = fields.Many2many(
        'res.users', string="Account Users", compute='_compute_kam_account_users', store=True,
        groups='base.group_user',
        help="The account's manager and the users of its account team; kept in sync with "
             "the account. They are the Key Accounts users who work on this record.")

    @api.depends(lambda self: (f'{self._kam_account_field}.kam_team_member_ids.user_id',
                               f'{self._kam_account_field}.parent_id.kam_team_member_ids.user_id'))
    def _compute_kam_account_users(self):
        res = super()._compute_kam_account_users()
        for record, record_sudo in zip(self, self.sudo()):
            account = record_sudo.kam_account_id
            record.kam_user_ids = account.kam_manager_id | account.kam_team_member_ids.user_id
        return res

    @api.model
    def _search(self, domain, *args, **kwargs):
        # A condition on a many2many does not flush it: write the account
        # users still pending (a new team member) before a My Accounts
        # filter reads them.
        self.flush_model(['kam_user_ids'])
        return super()._search(domain, *args, **kwargs)
