from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .kam_tools import SubtreeRows, currency_factor_sql
from .res_partner import KAM_USER


class ResPartner(models.Model):
    """Contracts of an account: running contracts and their value, on the account
    and summed over everything below it in its group, in the company's currency."""
    _inherit = 'res.partner'

    kam_contract_count = fields.Integer(
        "Running Contracts", compute='_compute_kam_contracts', groups=KAM_USER,
        help="Active and expiring contracts of the account that you can open.")
    kam_contract_value = fields.Monetary(
        "Running Contract Value", currency_field='kam_currency_id', compute='_compute_kam_contracts',
        groups=KAM_USER, search='_search_kam_contract_value',
        help="Value of all the running contracts of the account in the company's currency "
             "(converted at today's rate), including those you cannot open (a total, not a "
             "list); framework contracts count through their call-offs.")
    kam_group_contract_count = fields.Integer(
        "Group Running Contracts", compute='_compute_kam_contracts', groups=KAM_USER,
        help="Active and expiring contracts of the account and every company below it "
             "that you can open.")
    kam_group_contract_value = fields.Monetary(
        "Group Contract Value", currency_field='kam_currency_id', compute='_compute_kam_contracts',
        groups=KAM_USER, search='_search_kam_group_contract_value',
        help="Running contract value of the account and every company below it, in the "
             "company's currency, including those you cannot open (a total).")

    @api.depends_context('uid')
    def _compute_kam_contracts(self):
        companies = self.filtered(lambda p: p.is_company and p.kam_group_path and p._origin)
        rows = visible = []
        if companies:
            domain = [('partner_id.kam_group_id', 'in', companies.kam_group_id.ids),
                      ('state', 'in', ('active', 'expiring'))]
            # Values are totals of the account, whoever may open each contract;
            # counts are those of the list the smart button opens.
            rows = self.env['kam.contract'].sudo()._read_group(
                domain, ['partner_id', 'is_framework', 'currency_id'], ['amount:sum'])
            if self.env['kam.contract'].has_access('read'):
                visible = self.env['kam.contract']._read_group(domain, ['partner_id'], ['__count'])
        # By group, read once, summed by company and by path prefix once: each
        # account of a list page or a job's chunk finds its own figures.
        amounts, counts = defaultdict(SubtreeRows), defaultdict(SubtreeRows)
        for account, is_framework, currency, amount in rows:
            # A framework's value is a ceiling its call-offs draw on, not
            # money of its own: sum its call-offs.
            if not is_framework:
                amounts[account.kam_group_id.id].append(
                    (account.id, account.kam_group_path or '', amount, currency))
        for account, count in visible:
            counts[account.kam_group_id.id].append((account.id, account.kam_group_path or '', count))
        for partner in self:
            pid = partner._origin.id
            prefix = pid and partner.kam_group_path
            target = partner.kam_currency_id
            group_id = partner.kam_group_id.id
            own_value, group_value = amounts[group_id].amounts(pid, prefix, target)
            own_count, group_count = counts[group_id].sums(pid, prefix)
            partner.kam_contract_count, partner.kam_contract_value = own_count, own_value
            partner.kam_group_contract_count = group_count
            partner.kam_group_contract_value = group_value

    @api.constrains('parent_id')
    def _check_kam_calloffs_stay_in_group(self):
        """A call-off belongs to a framework of its own group: a company
        carrying call-offs (or frameworks with call-offs) cannot move to
        another group. Nothing is named but the company being moved."""
        moved = self.filtered('is_company')
        if not moved:
            return
        Contract = self.env['kam.contract'].sudo().with_context(active_test=False)
        calloffs = Contract.search([
            ('framework_id', '!=', False), '|',
            ('partner_id', 'child_of', moved.ids),
            ('framework_id.partner_id', 'child_of', moved.ids)])
        if any(calloff.partner_id.kam_group_id != calloff.framework_id.partner_id.kam_group_id
               for calloff in calloffs):
            raise ValidationError(self.env._(
                "%s carries call-offs of a framework contract of its group (or a framework "
                "with call-offs in it): it cannot move to another group. End or move those "
                "contracts first.", moved[0].display_name))

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
