from odoo import fields, models, tools
from odoo.tools import SQL

from .kam_service_request import OPEN_STATES

# weeks ahead the forecast covers, and the weeks of history its trend reads
HORIZON_WEEKS = 4
TREND_WEEKS = 13


class KamDemandForecast(models.Model):
    """The work each department should expect over the next four weeks:
    open work orders and provisioning steps due in each week (overdue work
    counts in the current week), the contracts ending in each week (their
    renewal, for the department of the account manager), and the weekly
    average of the work that reached the department over the last three
    months (the trend). A database view, read grouped by the graph and
    pivot views."""
    _name = 'kam.demand.forecast'
    _description = "Demand Forecast"
    _auto = False
    _order = 'week_start, department_id'

    department_id = fields.Many2one(
        'hr.department', readonly=True, help="Department that will do the work.")
    company_id = fields.Many2one('res.company', readonly=True, help="Company of the work.")
    week_start = fields.Date(
        "Week", readonly=True, help="Monday of the week the work is expected in.")
    source = fields.Selection([
        ('order', "Open Work Orders"),
        ('step', "Open Provisioning Steps"),
        ('contract', "Contracts Ending"),
        ('trend', "Trend of New Work"),
    ], readonly=True,
        help="Where the expected work comes from: work orders without steps and "
             "provisioning steps due that week, contracts ending that week, or the "
             "weekly average of the last three months' new work.")
    quantity = fields.Float(
        "Expected Work", readonly=True, digits=(16, 1), aggregator='sum',
        help="Number of pieces of work expected (the trend is an average, hence decimals).")

    def _query(self):
        week0 = SQL("date_trunc('week', CURRENT_DATE)::date")
        horizon = SQL("(%s + %s)", week0, HORIZON_WEEKS * 7)
        open_states = list(OPEN_STATES)
        return SQL(
            """
            SELECT row_number() OVER () AS id, department_id, company_id, week_start, source,
                   quantity
              FROM (
                -- work orders without steps, due in the coming weeks
                SELECT r.department_id, r.company_id,
                       GREATEST(date_trunc('week', r.deadline_resolve)::date, %(week0)s)
                           AS week_start,
                       'order' AS source, 1.0 AS quantity
                  FROM kam_service_request r
                 WHERE r.state IN %(open)s AND r.active AND r.department_id IS NOT NULL
                   AND r.deadline_resolve IS NOT NULL AND r.deadline_resolve::date < %(horizon)s
                   AND NOT EXISTS (SELECT 1 FROM kam_service_request_step s
                                    WHERE s.request_id = r.id)
                UNION ALL
                -- open provisioning steps of open work orders
                SELECT s.department_id, s.company_id,
                       GREATEST(date_trunc('week', s.date_deadline)::date, %(week0)s),
                       'step', 1.0
                  FROM kam_service_request_step s
                  JOIN kam_service_request r ON r.id = s.request_id
                 WHERE s.status != 'done' AND r.state IN %(open)s
                   AND s.date_deadline IS NOT NULL AND s.date_deadline::date < %(horizon)s
                UNION ALL
                -- contracts ending: the renewal, for the account manager's department
                SELECT emp.department_id, c.company_id, date_trunc('week', c.date_end)::date,
                       'contract', 1.0
                  FROM kam_contract c
                  JOIN LATERAL (
                       SELECT v.department_id
                         FROM hr_employee e
                         JOIN hr_version v ON v.id = e.current_version_id
                        WHERE e.user_id = c.user_id AND e.active AND v.department_id IS NOT NULL
                        ORDER BY e.company_id = c.company_id DESC, e.id
                        LIMIT 1) emp ON TRUE
                 WHERE c.state IN ('active', 'expiring') AND c.active
                   AND c.date_end >= %(week0)s AND c.date_end < %(horizon)s
                UNION ALL
                -- the trend: last weeks' new work (orders without steps, and steps)
                SELECT t.department_id, t.company_id, w.week_start, 'trend',
                       t.total / %(trend_weeks)s::numeric
                  FROM (SELECT department_id, company_id, count(*) AS total
                          FROM (SELECT r.department_id, r.company_id
                                  FROM kam_service_request r
                                 WHERE r.date_submitted >= %(week0)s - %(trend_days)s
                                   AND r.date_submitted < %(week0)s
                                   AND r.department_id IS NOT NULL
                                   AND NOT EXISTS (SELECT 1 FROM kam_service_request_step s
                                                    WHERE s.request_id = r.id)
                                UNION ALL
                                SELECT s.department_id, s.company_id
                                  FROM kam_service_request_step s
                                  JOIN kam_service_request r ON r.id = s.request_id
                                 WHERE r.date_submitted >= %(week0)s - %(trend_days)s
                                   AND r.date_submitted < %(week0)s) new_work
                         GROUP BY department_id, company_id) t
                 CROSS JOIN (SELECT (%(week0)s + 7 * n) AS week_start
                               FROM generate_series(0, %(weeks)s) n) w
              ) forecast
            """,
            week0=week0, horizon=horizon, open=tuple(open_states),
            trend_weeks=TREND_WEEKS, trend_days=TREND_WEEKS * 7, weeks=HORIZON_WEEKS - 1)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)",
                                SQL.identifier(self._table), self._query()))
