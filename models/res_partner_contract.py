from odoo import fields, models
from odoo.tools import SQL

from .kam_tools import currency_factor_sql, to_currency


class ResPartner(models.Model):
    """Contracts of an account: running contracts and their value, on the account
    and summed over everything below it in its group, in the company's currency."""
    _inherit = 'res.partner'

    kam_contract_count = fields.Integer("Running Contracts", compute='_compute_kam_contracts')
    kam_contract_value = fields.Monetary(
        "Running Contract Value", currency_field='kam_currency_id', compute='_compute_kam_contracts',
        search='_search_kam_contract_value',
        help="Value of the running contracts in the company's currency (converted at today's "
             "rate); framework contracts count through their call-offs.")
    kam_group_contract_count = fields.Integer(
        "Group Running Contracts", compute='_compute_kam_contracts')
    kam_group_contract_value = fields.Monetary(
        "Group Contract Value", currency_field='kam_currency_id', compute='_compute_kam_contracts',
        search='_search_kam_group_contract_value',
        help="Running contract value of the account and everything below it, in the company's "
             "currency.")

    def _compute_kam_contracts(self):
        companies = self.filtered(lambda p: p.is_company and p.kam_group_path and p._origin)
        rows = []
        if companies:
            rows = self.env['kam.contract'].sudo()._read_group(
                [('partner_id.kam_group_id', 'in', companies.kam_group_id.ids),
                 ('state', 'in', ('active', 'expiring'))],
                ['partner_id', 'is_framework', 'currency_id'], ['amount:sum', '__count'])
        for partner in self:
            own = group = (0, 0.0)
            prefix = partner._origin.id and partner.kam_group_path
            target = partner.kam_currency_id
            for account, is_framework, currency, amount, count in rows:
                # A framework's value is a ceiling its call-offs draw on,
                # not money of its own: count it, sum its call-offs.
                amount = 0.0 if is_framework else to_currency(self.env, amount, currency, target)
                if account.id == partner._origin.id:
                    own = (own[0] + count, own[1] + amount)
                if prefix and (account.kam_group_path or '').startswith(prefix):
                    group = (group[0] + count, group[1] + amount)
            partner.kam_contract_count, partner.kam_contract_value = own
            partner.kam_group_contract_count, partner.kam_group_contract_value = group

    def _kam_search_contract_value(self, operator, value, group):
        """Accounts whose running contract value (own, or with everything
        below them: ``group``) compares with ``value``: one SQL query."""
        ops = {'=': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>='}
        if operator not in ops or not isinstance(value, (int, float)):
            return NotImplemented
        Contract = self.env['kam.contract']
        Contract.flush_model(['partner_id', 'state', 'is_framework', 'amount', 'currency_id'])
        self.flush_model(['kam_group_path', 'kam_group_id', 'is_company'])
        currencies = self.env['res.currency'].search([('active', '=', True)])
        factor = currency_factor_sql(self.env, SQL("k.currency_id"), currencies.ids)
        accounts = SQL(
            "SELECT c.id FROM res_partner c WHERE c.kam_group_id = p.kam_group_id "
            "AND c.kam_group_path LIKE p.kam_group_path || '%%'") if group else SQL("SELECT p.id")
        rows = self.env.execute_query(SQL(
            """SELECT p.id FROM res_partner p
                WHERE p.is_company AND p.kam_group_path IS NOT NULL
                  AND (SELECT COALESCE(SUM(k.amount * %(factor)s), 0) FROM kam_contract k
                        WHERE k.state IN ('active', 'expiring') AND NOT COALESCE(k.is_framework, FALSE)
                          AND k.partner_id IN (%(accounts)s)) %(op)s %(value)s""",
            factor=factor, accounts=accounts, op=SQL(ops[operator]), value=value))
        return [('id', 'in', [row[0] for row in rows])]

    def _search_kam_contract_value(self, operator, value):
        return self._kam_search_contract_value(operator, value, group=False)

    def _search_kam_group_contract_value(self, operator, value):
        return self._kam_search_contract_value(operator, value, group=True)

    def action_kam_view_contracts(self):
        return self._kam_action('kam_contract_action', [('partner_id', 'child_of', self.id)],
                                {'default_partner_id': self.id, 'search_default_open': 1})
