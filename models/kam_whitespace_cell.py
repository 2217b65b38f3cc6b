from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL, format_amount

WHITESPACE_STATES = [
    ('held', "Held"),
    ('pipeline', "In Pipeline"),
    ('white', "White"),
]


class KamWhitespaceCell(models.Model):
    """One cell of the whitespace matrix (业务空白点): a company of a key
    account's group (the account, its subsidiaries) × a service of the
    key-account catalogue, and where the company stands with it:

    * held: it has the service on a running contract (active or expiring,
      the line not ended), group members on it as their plan, or the
      billing system billed it in the last three months (through the
      billing service line mapped to the service);
    * in pipeline: an open opportunity for that company and service;
    * white: an opening, one click away from an opportunity.

    A read-only SQL view: the states of a whole group are one query, however
    many subsidiaries and services it has."""
    _name = 'kam.whitespace.cell'
    _description = "Whitespace Cell"
    _auto = False
    _order = 'group_path, category_sequence, category_id, product_id'
    _rec_name = 'product_id'
    # what the view reads: written (flushed) before it is queried
    _depends = {
        'res.partner': ['is_company', 'active', 'kam_group_id', 'kam_group_path',
                        'kam_group_depth', 'kam_manager_id', 'company_id', 'kam_is_key_account',
                        'commercial_partner_id'],
        'product.product': ['active', 'product_tmpl_id'],
        'product.template': ['kam_is_service', 'kam_service_category_id', 'active', 'company_id'],
        'kam.service.category': ['sequence'],
        'kam.contract': ['partner_id', 'state', 'active'],
        'kam.contract.line': ['contract_id', 'product_id', 'date_end'],
        'kam.member': ['partner_id', 'product_id', 'active', 'state'],
        'crm.lead': ['kam_product_id', 'partner_id', 'active', 'type', 'won_status'],
        'kam.billing.line': ['partner_id', 'service_id', 'month', 'revenue'],
        'kam.billing.service': ['product_id'],
    }

    partner_id = fields.Many2one(
        'res.partner', "Company", readonly=True,
        help="The account or subsidiary of the group.")
    group_id = fields.Many2one(
        'res.partner', "Group Customer", readonly=True, help="Top company of the company's group.")
    group_path = fields.Char(
        readonly=True,
        help="Technical: the company's place in its group, to list an account with everything "
             "below it.")
    depth = fields.Integer("Group Level", readonly=True, help="0 for the group's top company.")
    manager_id = fields.Many2one(
        'res.users', "Account Manager", readonly=True,
        help="The company's account manager, or its group's.")
    company_id = fields.Many2one('res.company', "Company of the Customer", readonly=True,
                                 help="Operator company the customer belongs to, if any.")
    product_id = fields.Many2one('product.product', "Service", readonly=True,
                                 help="Service of the key-account catalogue.")
    category_id = fields.Many2one('kam.service.category', "Service Category", readonly=True,
                                  help="Family of the service.")
    category_sequence = fields.Integer("Category Order", readonly=True,
                                       help="Technical: order of the category's column.")
    state = fields.Selection(WHITESPACE_STATES, "Status", readonly=True,
                             help="Held, in the pipeline, or white: an opening.")
    lead_id = fields.Many2one('crm.lead', "Open Opportunity", readonly=True,
                              help="An open opportunity for this company and service.")
    held = fields.Integer(readonly=True, aggregator='sum',
                          help="1 when the company holds the service.")
    in_pipeline = fields.Integer(readonly=True, aggregator='sum',
                                 help="1 when an open opportunity sells it to the company.")
    white = fields.Integer(readonly=True, aggregator='sum',
                           help="1 when the service is an opening at the company.")

    def _query(self):
        held = SQL("""(
            EXISTS (SELECT 1 FROM kam_contract_line cl
                      JOIN kam_contract c ON c.id = cl.contract_id
                     WHERE c.partner_id = p.id AND cl.product_id = pp.id AND c.active
                       AND c.state IN ('active', 'expiring')
                       AND (cl.date_end IS NULL OR cl.date_end >= CURRENT_DATE))
            OR EXISTS (SELECT 1 FROM kam_member m
                        WHERE m.partner_id = p.id AND m.product_id = pp.id AND m.active
                          AND m.state = 'active')
            OR EXISTS (SELECT 1 FROM kam_billing_line bl
                         JOIN kam_billing_service bs ON bs.id = bl.service_id
                        WHERE bl.partner_id = p.id AND bs.product_id = pp.id
                          AND bl.revenue > 0
                          AND bl.month >= (date_trunc('month', CURRENT_DATE)
                                           - interval '3 months')::date))""")
        return SQL("""
            SELECT (p.id::bigint * 1000000000 + pp.id) AS id,
                   p.id AS partner_id, p.kam_group_id AS group_id,
                   p.kam_group_path AS group_path, p.kam_group_depth AS depth,
                   COALESCE(p.kam_manager_id, g.kam_manager_id) AS manager_id,
                   p.company_id AS company_id,
                   pp.id AS product_id, pt.kam_service_category_id AS category_id,
                   sc.sequence AS category_sequence,
                   CASE WHEN h.held THEN 'held'
                        WHEN o.lead_id IS NOT NULL THEN 'pipeline'
                        ELSE 'white' END AS state,
                   CASE WHEN h.held THEN NULL ELSE o.lead_id END AS lead_id,
                   h.held::int AS held,
                   (NOT h.held AND o.lead_id IS NOT NULL)::int AS in_pipeline,
                   (NOT h.held AND o.lead_id IS NULL)::int AS white
              FROM res_partner p
              JOIN res_partner g ON g.id = p.kam_group_id
             CROSS JOIN product_product pp
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN kam_service_category sc ON sc.id = pt.kam_service_category_id
              LEFT JOIN LATERAL (
                    SELECT MIN(l.id) AS lead_id FROM crm_lead l
                      JOIN res_partner lp ON lp.id = l.partner_id
                     WHERE l.kam_product_id = pp.id AND lp.commercial_partner_id = p.id
                       AND l.active AND l.type = 'opportunity' AND l.won_status = 'pending'
                   ) o ON TRUE
             -- whether the company holds the service, worked out once per
             -- cell (OFFSET 0 keeps PostgreSQL from copying it into each use)
             CROSS JOIN LATERAL (SELECT %(held)s AS held OFFSET 0) h
             WHERE p.is_company AND p.active AND p.kam_group_id IS NOT NULL
               AND pt.kam_is_service AND pt.active AND pp.active
               AND (pt.company_id IS NULL OR p.company_id IS NULL OR pt.company_id = p.company_id)
               AND EXISTS (SELECT 1 FROM res_partner k
                            WHERE k.kam_group_id = p.kam_group_id AND k.kam_is_key_account
                              AND k.active)
        """, held=held)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)",
                                SQL.identifier(self._table), self._query()))

    # ------------------------------------------------------------
    # The matrix
    # ------------------------------------------------------------

    @api.readonly
    @api.model
    def get_matrix(self, partner_id):
        """The whitespace matrix of the company ``partner_id`` and every
        company below it, for the matrix screen: its companies (rows, in
        group order), the services by category (columns) and each cell's
        status, from one search of the view."""
        partner = self.env['res.partner'].browse(partner_id).exists()
        if not partner or not partner.kam_group_path:
            return {'title': '', 'companies': [], 'categories': [], 'cells': {}}
        cells = self.search([('group_path', '=like', f"{partner.kam_group_path}%")])
        # each company right under its parent company
        companies = cells.partner_id.sorted(
            lambda p: [int(node) for node in (p.kam_group_path or '').split('/') if node])
        categories = {}
        for cell in cells.sorted(lambda c: (c.category_sequence, c.category_id.id,
                                            c.product_id.name or '')):
            category = categories.setdefault(cell.category_id.id, {
                'id': cell.category_id.id,
                'name': cell.category_id.name or self.env._("No Category"),
                'products': {}})
            category['products'].setdefault(cell.product_id.id, {
                'id': cell.product_id.id, 'name': cell.product_id.name})
        shares = self.env['kam.wallet.estimate']._kam_wallet_shares(
            cells.partner_id.ids, cells.product_id.ids)
        currency = self.env.company.currency_id
        return {
            'title': partner.display_name,
            'companies': [{'id': company.id, 'name': company.name,
                           'depth': company.kam_group_depth - partner.kam_group_depth}
                          for company in companies],
            'categories': [dict(category, products=list(category['products'].values()))
                           for category in categories.values()],
            'cells': {f"{cell.partner_id.id}-{cell.product_id.id}": {
                'id': cell.id, 'state': cell.state, 'lead': cell.lead_id.display_name or '',
                **self._kam_share_values(shares.get((cell.partner_id.id, cell.product_id.id)),
                                         currency),
            } for cell in cells},
        }

    def _kam_share_values(self, share, currency):
        """The wallet share of a cell, where its company's spending on the
        service is estimated (kam.wallet.estimate)."""
        if not share:
            return {'share': None, 'share_title': ''}
        percent, ours, spend = share
        return {'share': round(percent), 'share_title': self.env._(
            "Wallet share: we bill %(ours)s a year of the %(spend)s the company is estimated "
            "to spend on this service.", ours=format_amount(self.env, ours, currency),
            spend=format_amount(self.env, spend, currency))}

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_create_opportunity(self):
        """A white cell: create an opportunity for its company and service,
        with the account manager as salesperson, and open it. A cell
        already in the pipeline opens its opportunity instead."""
        self.ensure_one()
        if self.state == 'pipeline':
            return self.action_open_opportunity()
        if self.state != 'white':
            raise UserError(self.env._(
                "The company already holds this service: there is nothing to sell here."))
        Lead = self.env['crm.lead']
        lead = Lead.create(Lead._kam_opportunity_values(self.partner_id, product=self.product_id))
        return lead._kam_form_action()

    def action_open_opportunity(self):
        self.ensure_one()
        if not self.lead_id:
            raise UserError(self.env._("No open opportunity sells this service to the company."))
        return self.lead_id._kam_form_action()
