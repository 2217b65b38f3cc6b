from odoo import api, fields, models, tools
from odoo.tools import SQL


class KamDepartmentAppraisal(models.Model):
    """Cross-department appraisal (跨部门考核): one row per piece of work a
    department owed in a month, read straight from its source, so that the
    pivot gives each department's on-time rate and average delay per month
    beside the key-account department's own.

    * Project work (``kam.project.task``): a line counts in the month of its
      expected date once it is done or overdue; on time when done on or
      before that date; its delay is the days from the expected date to the
      day it was done (today while it is not done).
    * Work orders (``kam.service.request``) under a service level: counted
      in the month they were submitted, for the department handling them
      (the key-account department when none is set); on time when no
      deadline was missed; the delay is the days past the resolution
      deadline.
    * Provisioning steps (``kam.service.request.step``): counted in the
      month of their deadline once closed or overdue, for the department
      owning the step; on time when closed by the deadline.

    A further source is one more method returning the same columns, named
    in ``_kam_sources`` and ``source``."""
    _name = 'kam.department.appraisal'
    _description = "Department Appraisal"
    _auto = False
    _order = 'month desc, department_id'
    _rec_name = 'department_id'

    month = fields.Date(readonly=True, help="First day of the month the work was due in.")
    department_id = fields.Many2one('hr.department', readonly=True,
                                    help="The department that owed the work.")
    company_id = fields.Many2one('res.company', readonly=True, help="Company of the work.")
    source = fields.Selection([
        ('project', "Project Work"),
        ('work_order', "Work Orders"),
        ('step', "Provisioning Steps"),
    ], readonly=True, help="Where the work comes from: a delivery project's department line, a "
                           "work order under a service level or a provisioning step of a work "
                           "order.")
    is_key_account_department = fields.Boolean(
        "Key-Account Department", readonly=True,
        help="The work of the key-account department itself (Settings), shown beside the "
             "departments it relies on.")
    item_count = fields.Integer("Items", readonly=True, aggregator='sum',
                                help="Pieces of work due in the month.")
    late_count = fields.Integer("Late", readonly=True, aggregator='sum',
                                help="Pieces of work done after their date, or still open past it.")
    on_time_rate = fields.Float("On-Time Rate (%)", readonly=True, digits=(5, 1), aggregator='avg',
                                help="Share of the pieces of work done on time.")
    delay_days = fields.Float("Average Delay (Days)", readonly=True, digits=(6, 1), aggregator='avg',
                              help="Days past the date, averaged over all the pieces of work "
                                   "(0 for those on time).")

    @api.model
    def _kam_sources(self):
        """The SQL of each source, all with the same columns."""
        return [self._kam_source_project(), self._kam_source_work_orders(),
                self._kam_source_steps()]

    @api.model
    def _kam_source_project(self):
        return SQL("""
            SELECT 'project' AS source, t.id AS res_id,
                   date_trunc('month', t.date_expected)::date AS month,
                   t.department_id, t.company_id,
                   (t.status = 'done' AND t.date_done <= t.date_expected) AS on_time,
                   GREATEST(COALESCE(t.date_done, CURRENT_DATE) - t.date_expected, 0)::float AS delay
              FROM kam_project_task t
             WHERE t.date_expected IS NOT NULL
               AND (t.status = 'done' OR t.date_expected < CURRENT_DATE)""")

    @api.model
    def _kam_source_work_orders(self):
        return SQL("""
            SELECT 'work_order' AS source, r.id AS res_id,
                   date_trunc('month', r.date_submitted)::date AS month,
                   COALESCE(r.department_id, c.kam_department_id) AS department_id, r.company_id,
                   r.sla_status = 'on_time' AS on_time,
                   GREATEST(EXTRACT(EPOCH FROM COALESCE(r.date_done, now() AT TIME ZONE 'UTC')
                                    - r.deadline_resolve) / 86400.0, 0)::float AS delay
              FROM kam_service_request r
              JOIN res_company c ON c.id = r.company_id
             WHERE r.sla_status IN ('on_time', 'breached') AND r.date_submitted IS NOT NULL""")

    @api.model
    def _kam_source_steps(self):
        # a step counts in the month it was due: closed by then, or late
        return SQL("""
            SELECT 'step' AS source, s.id AS res_id,
                   date_trunc('month', s.date_deadline)::date AS month,
                   s.department_id, s.company_id,
                   (s.status = 'done' AND s.done_at <= s.date_deadline) AS on_time,
                   GREATEST(EXTRACT(EPOCH FROM COALESCE(s.done_at, now() AT TIME ZONE 'UTC')
                                    - s.date_deadline) / 86400.0, 0)::float AS delay
              FROM kam_service_request_step s
             WHERE s.date_deadline IS NOT NULL
               AND (s.status = 'done' OR s.date_deadline < now() AT TIME ZONE 'UTC')""")

    def _query(self):
        sources = SQL(" UNION ALL ").join(self._kam_sources())
        kinds = [key for key, _label in self._fields['source'].selection]
        # an id unique over the sources: the source's position, then its row's id
        return SQL("""
            SELECT w.res_id * %(count)s + array_position(%(kinds)s::varchar[], w.source::varchar) AS id,
                   w.source, w.month, w.department_id, w.company_id,
                   COALESCE(w.department_id = c.kam_department_id, FALSE) AS is_key_account_department,
                   1 AS item_count,
                   CASE WHEN w.on_time THEN 0 ELSE 1 END AS late_count,
                   CASE WHEN w.on_time THEN 100.0 ELSE 0.0 END AS on_time_rate,
                   CASE WHEN w.on_time THEN 0.0 ELSE round(w.delay::numeric, 1)::float END AS delay_days
              FROM (%(sources)s) w
              JOIN res_company c ON c.id = w.company_id""",
                   count=len(kinds) + 1, kinds=kinds, sources=sources)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)",
                                SQL.identifier(self._table), self._query()))
