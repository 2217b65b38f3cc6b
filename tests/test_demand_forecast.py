from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common_step import KamStepCommon


@tagged('post_install', '-at_install')
class TestDemandForecast(KamStepCommon):
    """The forecast is a database view counting from the database's today:
    the figures are checked against the same weeks computed here."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.week0 = cls.today - timedelta(days=cls.today.weekday())

    def _week(self, moment):
        day = moment.date() if hasattr(moment, 'date') else moment
        return max(day - timedelta(days=day.weekday()), self.week0)

    def _figures(self, user=None, domain=()):
        self.env.flush_all()
        Forecast = self.env['kam.demand.forecast']
        if user:
            Forecast = Forecast.with_user(user)
        return {(dept.id, source, week): qty for dept, source, week, qty in Forecast._read_group(
            list(domain), ['department_id', 'source', 'week_start:day'], ['quantity:sum'])}

    def test_forecast_figures(self):
        order = self._install_order()
        # a closed step is no longer expected
        self._step(order, self.tpl_survey).with_user(self.head_net).action_close()
        horizon = self.week0 + timedelta(days=28)
        expected = {}
        for step in order.step_ids.filtered(lambda s: s.status != 'done'):
            week = self._week(step.date_deadline)
            if week < horizon:
                key = (step.department_id.id, 'step', week)
                expected[key] = expected.get(key, 0) + 1
        self.assertTrue(expected)
        # a contract ending in two weeks: its renewal, for the manager's department
        self.env['hr.employee'].create({'name': "Account Manager One", 'user_id': self.user_kam.id,
                                        'department_id': self.dept_it.id})
        contract = self.env['kam.contract'].create({
            'title': "Private line", 'partner_id': self.group_a.id,
            'date_start': self.today - timedelta(days=300),
            'date_end': self.today + timedelta(days=14), 'amount': 1000})
        contract.action_confirm()
        # last month's new work: one fault order of the network team (no steps)
        fault = self._create_request(self.type_fault, lines=[{'operation': 'number', 'number': '1'}],
                                     department_id=self.dept_net.id)
        fault.action_submit()
        fault.sudo().write({'date_submitted': fields.Datetime.now() - timedelta(days=30),
                            'deadline_resolve': fields.Datetime.now() + timedelta(days=40)})
        figures = self._figures()
        steps_found = {k: v for k, v in figures.items()
                       if k[1] == 'step' and k[0] in (self.dept_net.id, self.dept_it.id)}
        self.assertEqual(steps_found, expected)
        self.assertEqual(figures.get((self.dept_it.id, 'contract', self._week(contract.date_end))), 1)
        # the trend: the steps and the fault order submitted before this week,
        # a thirteenth of them in each of the next four weeks
        for week in range(4):
            monday = self.week0 + timedelta(days=7 * week)
            self.assertAlmostEqual(figures.get((self.dept_net.id, 'trend', monday), 0), 1 / 13,
                                   places=4)
        self.assertFalse([k for k in figures if k[1] == 'order' and k[0] == self.dept_net.id],
                         "the fault order is due after the four weeks")

    def test_department_head_reads_his_departments(self):
        self._install_order()
        departments = {dept for dept, _source, _week in self._figures(user=self.head_it)}
        self.assertEqual(departments, {self.dept_it.id})
        departments = {dept for dept, _source, _week in self._figures(user=self.user_kam_manager)}
        self.assertLessEqual({self.dept_it.id, self.dept_net.id}, departments)

    def test_forecast_query_count(self):
        Forecast = self.env['kam.demand.forecast'].with_user(self.user_kam_manager)

        def queries():
            self.env.flush_all()
            Forecast._read_group([], ['department_id', 'week_start:week'], ['quantity:sum'])
            self.env.invalidate_all()
            return self._count_queries(lambda: Forecast._read_group(
                [], ['department_id', 'week_start:week'], ['quantity:sum']))

        self._install_order()
        few = queries()
        for _i in range(5):
            self._install_order()
        self.assertEqual(queries(), few, "one grouped read whatever the number of orders")
        self.assertLessEqual(few, 4)
