from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from .kam_tools import SubtreeRows, currency_factor_sql, subtree_sums
from .res_partner import KAM_USER


class ResPartner(models.Model):
    """Group customers: subsidiaries under a parent company, the group and its rollups."""
    _inherit = 'res.partner'

    # ------------------------------------------------------------
    # Fields: group hierarchy
    # ------------------------------------------------------------

    kam_group_path = fields.Char(
        "Group Path", compute='_compute_kam_group', store=True, recursive=True, index=True,
        help="Technical: the ids of the companies from the group's top down to this one, "
             "kept from the parent companies; lets a whole subtree be found with one prefix.")
    kam_group_id = fields.Many2one(
        'res.partner', "Group Customer", compute='_compute_kam_group', store=True,
        recursive=True, index='btree_not_null',
        help="The top company of this account's chain of parent companies; computed "
             "from the Parent Company fields.")
    kam_group_depth = fields.Integer(
        "Group Level", compute='_compute_kam_group', store=True, recursive=True,
        help="0 for the group's top company, 1 for its subsidiaries, and so on down.")
    kam_subsidiary_ids = fields.One2many(
        'res.partner', 'parent_id', "Subsidiaries", domain=[('is_company', '=', True)],
        help="Companies whose Parent Company is this one (one level down).")
    kam_subsidiary_count = fields.Integer(
        "Subsidiary Count", compute='_compute_kam_rollups', groups=KAM_USER,
        help="Companies below this one in its group, at any depth; computed.")
    kam_group_handset_count = fields.Integer(
        "Group Handsets", compute='_compute_kam_rollups', groups=KAM_USER,
        search='_search_kam_group_handset_count',
        help="Handsets / lines of this company and every company below it; computed from "
             "their own figures, whoever manages them.")
    kam_group_employee_count = fields.Integer(
        "Group Employees", compute='_compute_kam_rollups', groups=KAM_USER,
        help="Headcount of this company and every company below it; computed.")
    kam_group_monthly_revenue = fields.Monetary(
        "Group Monthly Revenue", currency_field='kam_currency_id', compute='_compute_kam_rollups',
        groups=KAM_USER, search='_search_kam_group_monthly_revenue',
        help="Monthly revenue of this company and every company below it, in the company's "
             "currency (each company's revenue converted at today's rate); computed.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends('is_company', 'parent_id.is_company', 'parent_id.kam_group_path')
    def _compute_kam_group(self):
        for partner in self:
            parent_path = partner.parent_id.kam_group_path or ''
            if partner.is_company:
                node = partner._origin.id or partner.id
                path = f"{parent_path if partner.parent_id.is_company else ''}{node}/"
            else:
                path = parent_path or False
            partner.kam_group_path = path
            if path:
                nodes = path.rstrip('/').split('/')
                partner.kam_group_id = int(nodes[0]) if nodes[0].isdigit() else partner
                partner.kam_group_depth = len(nodes) - 1
            else:
                partner.kam_group_id = False
                partner.kam_group_depth = 0

    @api.depends('kam_group_path')
    def _compute_kam_rollups(self):
        """Sum handsets, revenue and headcount over each company and everything
        below it, with one grouped read over the groups involved."""
        companies = self.filtered(lambda p: p.is_company and p.kam_group_path and p._origin)
        totals = {}
        if companies:
            # Totals only: the user reads the account, the sums of its group
            # come with it even where a subsidiary is outside their rules.
            rows = self.sudo()._read_group(
                [('kam_group_id', 'in', companies.kam_group_id.ids), ('is_company', '=', True)],
                ['kam_group_path', 'company_id'],
                ['kam_handset_count:sum', 'kam_employee_count:sum',
                 'kam_monthly_revenue:sum', '__count'])
            # by group: handsets, headcount, revenue by currency, companies
            by_group = defaultdict(lambda: [SubtreeRows() for _i in range(4)])
            currencies = {}  # by company id: records hash slowly, rows are many
            for path, company, handsets, employees, revenue, count in rows:
                figures = by_group[path.split('/', 1)[0]]
                figures[0].append((None, path, handsets))
                figures[1].append((None, path, employees))
                # each company's revenue is in its currency
                company_id = company.id
                if company_id not in currencies:
                    currencies[company_id] = company.currency_id.id
                figures[2].append((None, path, revenue, currencies[company_id]))
                figures[3].append((None, path, count))
            for partner in companies:
                prefix = partner.kam_group_path
                handsets, employees, revenue, count = by_group[prefix.split('/', 1)[0]]
                totals[partner.id] = (
                    handsets.sums(None, prefix)[1], employees.sums(None, prefix)[1],
                    revenue.amounts(None, prefix, partner.kam_currency_id)[1],
                    count.sums(None, prefix)[1])
        for partner in self:
            handsets, employees, revenue, count = totals.get(
                partner._origin.id, (partner.kam_handset_count, partner.kam_employee_count,
                                     partner.kam_monthly_revenue, 1))
            partner.kam_group_handset_count = handsets
            partner.kam_group_employee_count = employees
            partner.kam_group_monthly_revenue = revenue
            partner.kam_subsidiary_count = max(count - 1, 0)

    def _kam_search_group_sum(self, expression, operator, value):
        """Companies whose sum of ``expression`` over themselves and
        everything below them compares with ``value``: one SQL query."""
        ops = {'=': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>='}
        if operator not in ops or not isinstance(value, (int, float)):
            return NotImplemented
        self.env['res.partner'].flush_model(['kam_group_path', 'is_company', 'company_id',
                                             'kam_handset_count', 'kam_monthly_revenue'])
        rows = self.env.execute_query(SQL(
            """SELECT p.id FROM res_partner p
                WHERE p.is_company AND p.kam_group_path IS NOT NULL
                  AND (SELECT COALESCE(SUM(%(expr)s), 0) FROM res_partner c
                        WHERE c.is_company AND c.kam_group_id = p.kam_group_id
                          AND c.kam_group_path LIKE p.kam_group_path || '%%') %(op)s %(value)s""",
            expr=expression, op=SQL(ops[operator]), value=value))
        return [('id', 'in', [row[0] for row in rows])]

    def _search_kam_group_handset_count(self, operator, value):
        return self._kam_search_group_sum(SQL("c.kam_handset_count"), operator, value)

    def _search_kam_group_monthly_revenue(self, operator, value):
        currencies = self.env['res.company'].sudo().search([]).currency_id
        company_currency = SQL(
            "(SELECT cc.currency_id FROM res_company cc WHERE cc.id = c.company_id)")
        factor = currency_factor_sql(self.env, SQL("COALESCE(%s, %s)", company_currency,
                                                   self.env.company.currency_id.id),
                                     currencies.ids)
        return self._kam_search_group_sum(
            SQL("c.kam_monthly_revenue * %s", factor), operator, value)

    # ------------------------------------------------------------
    # Address sync: a subsidiary keeps its own address
    # ------------------------------------------------------------

    def _fields_sync(self, values):
        # Key-account data is the account's own: nothing to sync up or down
        # the partner tree (a daily job writing tiers would otherwise read
        # each account's children and users one by one).
        if values and all(fname.startswith('kam_') for fname in values):
            return
        # A subsidiary is a company of its own: its address is neither taken
        # from nor pushed up to its group; its own contacts still follow it.
        if self.is_company and self.parent_id:
            return self._children_sync(values)
        return super()._fields_sync(values)

    def _display_address(self, without_company=False):
        # Country formats such as China's ("%(country_name)s, %(zip)s") leave
        # a dangling comma when a part is empty: drop separators at the ends
        # of each line, and empty lines.
        lines = (line.strip().strip(',，').strip()
                 for line in super()._display_address(without_company).split('\n'))
        return '\n'.join(line for line in lines if line)

    def _load_records_create(self, vals_list):
        # Data files (the demo, imports of XML) create partners in a batch
        # that copies the parent's address onto every child of type contact,
        # subsidiaries included: give those back the address their own
        # values say (their contacts then follow them).
        partners = super()._load_records_create(vals_list)
        address_fields = self._address_fields()
        for partner, vals in zip(partners, vals_list):
            if partner.is_company and partner.parent_id:
                partner.write({fname: vals.get(fname, False) for fname in address_fields})
        return partners

    def _update_address(self, vals):
        return super(ResPartner, self.filtered(
            lambda p: not (p.is_company and p.parent_id)))._update_address(vals)

    @api.model
    def hierarchy_read(self, domain, specification, parent_field, child_field=None, order=None):
        result = super().hierarchy_read(domain, specification, parent_field, child_field, order)
        # The org chart of a lone group adds its children without the view's
        # domain: keep the companies, not their contact persons. The web
        # client sends no action context with this call, so the group charts
        # are known by their child field (companies only).
        if child_field != 'kam_subsidiary_ids' and not self.env.context.get('kam_group_structure'):
            return result
        companies = set(self.browse([row['id'] for row in result]).filtered('is_company').ids)
        return [row for row in result if row['id'] in companies]

    def _kam_subtree_counts(self, model, domain, sudo=True):
        """``{company id: count}`` of the ``model`` records matching
        ``domain`` (records of a group's companies, carrying ``group_id``)
        whose company is the company or one below it: one grouped read for
        all the groups involved, each company summing its own group's rows.
        Without ``sudo``, only the records the user may read."""
        companies = self.filtered(lambda p: p._origin and p.kam_group_path)
        Model = self.env[model].sudo() if sudo else self.env[model]
        rows = defaultdict(SubtreeRows)
        if companies and (sudo or Model.has_access('read')):
            for group, company, path, count in Model._read_group(
                    domain + [('group_id', 'in', companies.kam_group_id.ids)],
                    ['group_id', 'partner_id', 'partner_id.kam_group_path'], ['__count']):
                rows[group.id].append((company.id, path or '', count))
        return {company._origin.id: subtree_sums(rows[company.kam_group_id.id], company._origin.id,
                                                 company.kam_group_path)[1] for company in companies}

    def _kam_serving_account(self):
        """The key account that serves this partner's company: the company
        itself, or the nearest key account above it in its group; empty when
        there is none. Members and work orders of a group company that is not
        a key account itself belong to it."""
        self.ensure_one()
        account = self.commercial_partner_id
        while account and not account.kam_is_key_account:
            account = account.parent_id if account.parent_id.is_company else account.browse()
        return account

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_kam_view_subsidiaries(self):
        return self._kam_action(
            'res_partner_action_group_hierarchy',
            [('kam_group_path', '=like', f"{self.kam_group_path}%"), ('is_company', '=', True)],
            # No 'hierarchy_res_id': the chart would then drop this domain and
            # show every root partner of the database (web_hierarchy 19.0
            # turns the combined domain into an object it no longer reads).
            # The domain's root is this account: the chart starts there.
            {'default_parent_id': self.id, 'default_is_company': True, 'kam_group_structure': True})
