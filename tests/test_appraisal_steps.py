from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common_step import KamStepCommon


@tagged('post_install', '-at_install')
class TestAppraisalSteps(KamStepCommon):
    """The departments' appraisal counts their provisioning steps: a step
    closed by its deadline on time, one closed after it or still open past
    it late, one not yet due not at all."""

    def test_steps_count_for_their_department(self):
        with freeze_time('2026-11-23 08:00:00'):
            order = self._install_order()
        survey = self._step(order, self.tpl_survey)
        with freeze_time('2026-11-24 08:00:00'):
            survey.with_user(self.head_net).action_close()
        self.env.flush_all()
        now = fields.Datetime.now()
        Appraisal = self.env['kam.department.appraisal']
        for department in (self.dept_net, self.dept_it):
            steps = order.step_ids.filtered(lambda s, d=department: s.department_id == d)
            counted = steps.filtered(lambda s: s.status == 'done' or s.date_deadline < now)
            on_time = counted.filtered(lambda s: s.status == 'done' and s.done_at <= s.date_deadline)
            rows = Appraisal._read_group(
                [('department_id', '=', department.id), ('source', '=', 'step')], [],
                ['item_count:sum', 'late_count:sum'])
            self.assertEqual(rows, [(len(counted), len(counted - on_time))], department.name)
        self.assertTrue(survey.done_at <= survey.date_deadline)
        net = Appraisal.search([('department_id', '=', self.dept_net.id), ('source', '=', 'step'),
                                ('month', '=', '2026-11-01')])
        self.assertIn(100.0, net.mapped('on_time_rate'), "the survey closed in time")
