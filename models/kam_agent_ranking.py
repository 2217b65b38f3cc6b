from odoo import api, fields, models

from .kam_tools import int_param

GRADE_A_PARAM = 'key_account_management.agent_grade_a'
GRADE_B_PARAM = 'key_account_management.agent_grade_b'
GRADE_A_DEFAULT, GRADE_B_DEFAULT = 80, 60


def quarter_start(day):
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


class KamAgentRanking(models.Model):
    """The quarterly ranking of the agents (宽进严管、促优扶强): from their
    fee statements of the quarter, a score out of 100 — half the revenue
    they brought against the best agent's, half the share of their work
    orders done within the service level (all of it for an agent without
    work orders or without revenue) — ranked, and graded A, B or C by the
    thresholds of the Settings."""
    _name = 'kam.agent.ranking'
    _description = "Agent Ranking"
    _order = 'quarter desc, rank, id'
    _rec_name = 'agent_id'

    quarter = fields.Date(required=True, index=True, readonly=True,
                          help="First day of the quarter ranked.")
    agent_id = fields.Many2one('res.partner', required=True, index=True, readonly=True,
                               help="The agent ranked.")
    company_id = fields.Many2one('res.company', required=True, index=True, readonly=True,
                                 help="Company whose agents are ranked.")
    currency_id = fields.Many2one(related='company_id.currency_id', help="Currency of the amounts.")
    revenue_brought = fields.Monetary(readonly=True,
                                      help="Revenue of the quarter of the accounts the agent brought.")
    order_count = fields.Integer("Work Orders Done", readonly=True,
                                 help="Work orders of its accounts done in the quarter.")
    on_time_count = fields.Integer("Within SLA", readonly=True,
                                   help="Of them, those done within their service level.")
    sla_rate = fields.Float("Within SLA (%)", readonly=True, digits=(5, 1), aggregator='avg',
                            help="Share of the work orders done within their service level.")
    amount_total = fields.Monetary("Fees", readonly=True, help="Fees of the quarter's statements.")
    score = fields.Float(readonly=True, digits=(5, 1), aggregator='avg',
                         help="Out of 100: revenue brought against the best agent's, and work "
                              "orders within their service level, half each.")
    rank = fields.Integer(readonly=True, aggregator='min', help="1 for the best score of the quarter.")
    grade = fields.Selection([('a', "A"), ('b', "B"), ('c', "C")], readonly=True, index=True,
                             help="A and B from the score thresholds of the Settings; C below.")

    _agent_quarter_uniq = models.Constraint(
        "UNIQUE(agent_id, quarter, company_id)", "An agent is ranked once per quarter.")

    def action_rank(self):
        """Rank again the quarters of the last year (from the list's
        button), for the Managers."""
        self.check_access('create')
        today = fields.Date.context_today(self)
        for company in self.env.companies:
            for months_back in (0, 3, 6, 9):
                day = fields.Date.subtract(quarter_start(today), months=months_back)
                self.sudo()._kam_rank_quarter(day, company)
        return True

    @api.model
    def _kam_rank_quarter(self, day, company):
        """Rank the agents of the quarter holding ``day`` from their
        statements, in a few queries; the rows are replaced."""
        start = quarter_start(fields.Date.to_date(day))
        end = fields.Date.add(start, months=3)
        rows = self.env['kam.agent.statement'].sudo()._read_group(
            [('month', '>=', start), ('month', '<', end), ('company_id', '=', company.id)],
            ['agent_id'], ['revenue_brought:sum', 'order_count:sum', 'on_time_count:sum',
                           'amount_total:sum'])
        self.search([('quarter', '=', start), ('company_id', '=', company.id)]).unlink()
        if not rows:
            return self.browse()
        best = max(revenue for _agent, revenue, *_rest in rows) or 0.0
        grade_a = int_param(self.env, GRADE_A_PARAM, GRADE_A_DEFAULT)
        grade_b = int_param(self.env, GRADE_B_PARAM, GRADE_B_DEFAULT)
        values = []
        for agent, revenue, orders, on_time, amount in rows:
            sla = 100.0 * on_time / orders if orders else 0.0
            parts = ([100.0 * revenue / best] if best else []) + ([sla] if orders else [])
            score = sum(parts) / len(parts) if parts else 0.0
            values.append({
                'quarter': start, 'agent_id': agent.id, 'company_id': company.id,
                'revenue_brought': revenue, 'order_count': orders, 'on_time_count': on_time,
                'sla_rate': sla, 'amount_total': amount, 'score': score,
                'grade': 'a' if score >= grade_a else 'b' if score >= grade_b else 'c'})
        values.sort(key=lambda v: (-v['score'], -v['revenue_brought'], v['agent_id']))
        for position, vals in enumerate(values, start=1):
            vals['rank'] = position
        return self.create(values)
