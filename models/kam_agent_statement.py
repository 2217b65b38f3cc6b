from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

FEE_STATES = ('active', 'expired', 'terminated')


class KamAgentStatement(models.Model):
    """An agent's fee statement for a month (代理酬金结算单): the sales fee
    on the revenue of the accounts it brought and the service fee for the
    work orders of the accounts it serves done within their service level,
    under the agreement running that month. Computed in draft (by the
    monthly job, or again by hand), confirmed by the channel team: the agent
    then reads it in its portal."""
    _name = 'kam.agent.statement'
    _description = "Agent Fee Statement"
    _inherit = ['mail.thread', 'kam.state.guard.mixin']
    _order = 'month desc, agent_id, id'

    name = fields.Char(compute='_compute_name', store=True, help="Agent and month.")
    agent_id = fields.Many2one('res.partner', required=True, index=True, readonly=True,
                               help="The agent company the fees are paid to.")
    agreement_id = fields.Many2one('kam.agent.agreement', required=True, index=True, readonly=True,
                                   ondelete='restrict',
                                   help="The agreement whose fees the statement applies.")
    month = fields.Date(required=True, index=True, readonly=True, help="First day of the month.")
    company_id = fields.Many2one('res.company', required=True, index=True, readonly=True,
                                 help="Company paying the fees.")
    currency_id = fields.Many2one(related='company_id.currency_id', help="Currency of the fees.")
    state = fields.Selection([('draft', "Draft"), ('confirmed', "Confirmed")], "Status",
                             default='draft', required=True, readonly=True, tracking=True,
                             index=True, copy=False,
                             help="Draft while it may be computed again; confirmed: the agent "
                                  "reads it in its portal and it no longer changes.")
    line_ids = fields.One2many('kam.agent.statement.line', 'statement_id', "Fees", readonly=True,
                               help="The fees, account by account.")
    revenue_brought = fields.Monetary(readonly=True, tracking=True,
                                      help="Revenue of the month of the accounts the agent brought.")
    order_count = fields.Integer("Work Orders Done", readonly=True,
                                 help="Work orders of the served accounts done in the month under "
                                      "a service level.")
    on_time_count = fields.Integer("Within SLA", readonly=True,
                                   help="Of them, those done within their service level.")
    sales_fee = fields.Monetary(readonly=True, tracking=True, help="Sum of the sales fees.")
    service_fee = fields.Monetary(readonly=True, tracking=True, help="Sum of the service fees.")
    amount_total = fields.Monetary("Total Fees", readonly=True, tracking=True,
                                   help="Sales and service fees of the month.")
    confirmed_by_id = fields.Many2one('res.users', readonly=True, copy=False,
                                      help="Who confirmed the statement.")

    _agent_month_uniq = models.Constraint(
        "UNIQUE(agent_id, month, company_id)", "An agent has one fee statement per month.")

    @api.depends('agent_id.name', 'month')
    def _compute_name(self):
        for statement in self:
            statement.name = f"{statement.agent_id.name or ''} {statement.month:%Y-%m}" \
                if statement.month else statement.agent_id.name

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_confirm(self):
        self._kam_check_state(('draft',), self.env._("Confirming"))
        self._kam_move_state({'state': 'confirmed', 'confirmed_by_id': self.env.uid})
        return True

    def action_reset_draft(self):
        self._kam_check_state(('confirmed',), self.env._("Resetting to draft"))
        self._kam_move_state({'state': 'draft', 'confirmed_by_id': False})
        return True

    def action_recompute(self):
        self._kam_check_state(('draft',), self.env._("Computing again"))
        self.check_access('write')
        for (month, company), statements in self.grouped(lambda s: (s.month, s.company_id)).items():
            self.sudo()._kam_generate(month, company, statements.agreement_id.sudo())
        return True

    # ------------------------------------------------------------
    # Computing
    # ------------------------------------------------------------

    @api.model
    def _kam_agreements(self, month, company):
        """The agreements paying fees for ``month``: signed with an agent and
        running on some day of it."""
        end = month + relativedelta(months=1, days=-1)
        return self.env['kam.agent.agreement'].sudo().search([
            ('company_id', '=', company.id), ('state', 'in', FEE_STATES),
            ('date_start', '<=', end), ('date_end', '>=', month)], order='date_start desc, id desc')

    @api.model
    def _kam_generate(self, month, company, agreements=None):
        """Create or compute again the draft statements of ``agreements``
        (those running in ``month`` by default) in a constant number of
        queries; confirmed ones stay as they are."""
        month = fields.Date.to_date(month).replace(day=1)
        end = month + relativedelta(months=1)
        agreements = self._kam_agreements(month, company) if agreements is None else agreements
        agreement_of = {}
        for agreement in agreements:
            agreement_of.setdefault(agreement.agent_id.id, agreement)
        if not agreement_of:
            return self.browse()
        Partner = self.env['res.partner'].sudo().with_context(active_test=False)
        accounts = Partner.search_fetch(
            [('kam_agent_id', 'in', list(agreement_of)), ('kam_is_key_account', '=', True)],
            ['kam_agent_id', 'kam_agent_origin', 'kam_monthly_revenue'])
        billed = dict(self.env['kam.billing.line'].sudo()._read_group(
            [('kam_account_id', 'in', accounts.ids), ('month', '=', month)],
            ['kam_account_id'], ['revenue:sum']))
        orders = defaultdict(lambda: [0, 0])
        for account, status, count in self.env['kam.service.request'].sudo()._read_group(
                [('kam_account_id', 'in', accounts.ids), ('state', '=', 'done'),
                 ('sla_status', 'in', ('on_time', 'breached')),
                 ('date_done', '>=', month), ('date_done', '<', end)],
                ['kam_account_id', 'sla_status'], ['__count']):
            orders[account.id][0] += count
            orders[account.id][1] += count if status == 'on_time' else 0
        lines = defaultdict(list)
        for account in accounts:
            agreement = agreement_of[account.kam_agent_id.id]
            if account.kam_agent_origin == 'brought':
                # billed revenue when the billing system sent it, else the typed figure
                revenue = billed[account] if account in billed else account.kam_monthly_revenue
                lines[agreement].append({
                    'kind': 'sales', 'partner_id': account.id, 'base_amount': revenue,
                    'rate': agreement.commission_rate,
                    'amount': company.currency_id.round(revenue * agreement.commission_rate / 100)})
            done, on_time = orders.get(account.id, (0, 0))
            if done:
                lines[agreement].append({
                    'kind': 'service', 'partner_id': account.id, 'quantity': on_time,
                    'rate': agreement.service_fee, 'order_count': done,
                    'amount': company.currency_id.round(on_time * agreement.service_fee)})
        existing = self.search([('month', '=', month), ('company_id', '=', company.id),
                                ('agent_id', 'in', list(agreement_of))])
        drafts = existing.filtered(lambda s: s.state == 'draft')
        drafts.line_ids.unlink()
        statement_of = {s.agent_id.id: s for s in existing}
        new_values, written = [], self.browse()
        for agent_id, agreement in agreement_of.items():
            statement = statement_of.get(agent_id)
            if statement and statement.state != 'draft':
                continue
            agreement_lines = lines.get(agreement, [])
            sales = sum(v['amount'] for v in agreement_lines if v['kind'] == 'sales')
            service = sum(v['amount'] for v in agreement_lines if v['kind'] == 'service')
            vals = {
                'agreement_id': agreement.id,
                'revenue_brought': sum(v['base_amount'] for v in agreement_lines if v['kind'] == 'sales'),
                'order_count': sum(v.pop('order_count') for v in agreement_lines if v['kind'] == 'service'),
                'on_time_count': sum(v['quantity'] for v in agreement_lines if v['kind'] == 'service'),
                'sales_fee': sales, 'service_fee': service, 'amount_total': sales + service,
                'line_ids': [fields.Command.create(v) for v in agreement_lines],
            }
            if statement:
                statement.write(vals)
                written |= statement
            else:
                new_values.append(dict(vals, agent_id=agent_id, month=month, company_id=company.id))
        return written | self.create(new_values)

    @api.model
    def _kam_generate_month(self, month, company_id):
        """The draft statements of ``month`` of every agreement running in
        it, then the quarter's ranking (the monthly job does it in chunks)."""
        company = self.env['res.company'].browse(company_id)
        statements = self._kam_generate(month, company)
        self.env['kam.agent.ranking']._kam_rank_quarter(fields.Date.to_date(month), company)
        return statements

    @api.model
    def _cron_kam_agent_statements(self, batch_size=100):
        """On the 1st: the statements of the month that ended, for every
        agreement running in it, ``batch_size`` agents at a time; an agent's
        statement is made once (a rerun goes on with those left); then the
        quarter's ranking."""
        month = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        cron = self.env['ir.cron']
        for company in self.env['res.company'].search([]):
            agreements = self._kam_agreements(month, company)
            while True:
                done = {agent.id for agent, in self._read_group(
                    [('month', '=', month), ('company_id', '=', company.id)], ['agent_id'])}
                todo = agreements.filtered(lambda a, done=done: a.agent_id.id not in done)
                agents = list(dict.fromkeys(todo.agent_id.ids))
                if not agents:
                    break
                chunk = todo.filtered(lambda a, chosen=set(agents[:batch_size]): a.agent_id.id in chosen)
                self._kam_generate(month, company, chunk)
                remaining = len(agents) - min(len(agents), batch_size)
                if not cron._commit_progress(min(len(agents), batch_size), remaining=remaining) \
                        and remaining:
                    return False
            self.env['kam.agent.ranking']._kam_rank_quarter(month, company)
        return True

