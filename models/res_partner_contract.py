from odoo import fields, models


class ResPartner(models.Model):
    """Contracts of an account: running contracts and their value, on the account
    and summed over everything below it in its group."""
    _inherit = 'res.partner'

    kam_contract_count = fields.Integer("Running Contracts", compute='_compute_kam_contracts')
    kam_contract_value = fields.Monetary(
        "Running Contract Value", currency_field='kam_currency_id', compute='_compute_kam_contracts',
        help="Value of the running contracts; framework contracts count through their call-offs.")
    kam_group_contract_count = fields.Integer(
        "Group Running Contracts", compute='_compute_kam_contracts')
    kam_group_contract_value = fields.Monetary(
        "Group Contract Value", currency_field='kam_currency_id', compute='_compute_kam_contracts')

    def _compute_kam_contracts(self):
        companies = self.filtered(lambda p: p.is_company and p.kam_group_path and p._origin)
        rows = []
        if companies:
            rows = self.env['kam.contract'].sudo()._read_group(
                [('partner_id.kam_group_id', 'in', companies.kam_group_id.ids),
                 ('state', 'in', ('active', 'expiring'))],
                ['partner_id', 'is_framework'], ['amount:sum', '__count'])
        for partner in self:
            own = group = (0, 0.0)
            prefix = partner._origin.id and partner.kam_group_path
            for account, is_framework, amount, count in rows:
                # A framework's value is a ceiling its call-offs draw on,
                # not money of its own: count it, sum its call-offs.
                amount = 0.0 if is_framework else amount
                if account.id == partner._origin.id:
                    own = (own[0] + count, own[1] + amount)
                if prefix and (account.kam_group_path or '').startswith(prefix):
                    group = (group[0] + count, group[1] + amount)
            partner.kam_contract_count, partner.kam_contract_value = own
            partner.kam_group_contract_count, partner.kam_group_contract_value = group

    def action_kam_view_contracts(self):
        return self._kam_action('kam_contract_action', [('partner_id', 'child_of', self.id)],
                                {'default_partner_id': self.id, 'search_default_open': 1})
