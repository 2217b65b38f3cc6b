from contextlib import contextmanager
from datetime import timedelta

from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common_project import KamProjectCommon

WARNING = 'key_account_management.mail_activity_type_kam_project_warning'


@tagged('post_install', '-at_install')
class TestProjectWarnings(KamProjectCommon):
    """The network line is due in 10 days, the IT line in 20; warnings go
    3 days ahead by default."""

    def _warnings(self, lines=None):
        lines = lines or self.project_a.task_ids | self.project_b.task_ids
        activity_type = self.env.ref(WARNING)
        return self.env['mail.activity'].search([
            ('res_model', '=', 'kam.project.task'), ('res_id', 'in', lines.ids),
            ('activity_type_id', '=', activity_type.id)])

    def _run_cron(self, day, crash_at=None, batch_size=200):
        """Run the nightly job ``day`` days from today, without committing."""
        with freeze_time(self.today + timedelta(days=day)), self._cron_commits(crash_at) as calls:
            self.env['kam.project']._cron_kam_project_warnings(batch_size=batch_size)
        return calls

    def test_due_soon_then_overdue_once_each(self):
        self._run_cron(0)
        self.assertFalse(self._warnings(), "nothing is due within 3 days yet")

        self._run_cron(8)
        soon = self._warnings()
        self.assertEqual(len(soon), 1)
        self.assertEqual(soon.res_id, self.line_network.id)
        self.assertEqual(soon.user_id, self.user_network, "the line's owner is warned")
        self.assertEqual(soon.date_deadline, self.line_network.date_expected)
        self.assertTrue(self.line_network.warned_soon)

        self._run_cron(8)
        self._run_cron(9)
        self.assertEqual(self._warnings(), soon, "a rerun does not repeat the warning")

        self._run_cron(11)
        warnings = self._warnings(self.line_network)
        self.assertEqual(len(warnings), 2, "the overdue step warns once more")
        self.assertIn("overdue", (warnings - soon).summary)
        self.assertEqual(self.project_a.health, 'at_risk', "the nightly run refreshes health")
        self._run_cron(12)
        self.assertEqual(len(self._warnings(self.line_network)), 2)

    def test_overdue_without_earlier_warning_gets_only_the_overdue_one(self):
        self._run_cron(15)
        self.assertEqual(len(self._warnings(self.line_network)), 1)
        self.assertTrue(self.line_network.warned_soon and self.line_network.warned_overdue)
        self._run_cron(18)
        self.assertEqual(len(self._warnings(self.line_network)), 1)

    def test_new_expected_date_rearms_warnings_and_done_clears_them(self):
        self._run_cron(8)
        self.assertTrue(self.line_network.warned_soon)
        self.line_network.date_expected = self.today + timedelta(days=30)
        self.assertFalse(self.line_network.warned_soon)
        self._run_cron(28)
        self.assertEqual(len(self._warnings(self.line_network)), 2)
        self.line_network.status = 'done'
        self.assertFalse(self._warnings(self.line_network), "done work needs no reminder")
        self._run_cron(35)
        self.assertFalse(self._warnings(self.line_network))

    def test_owner_marking_done_clears_the_warning(self):
        self._run_cron(11)
        self.assertEqual(len(self._warnings(self.line_network)), 1)
        self.line_network.with_user(self.user_network).write({'status': 'done', 'date_done': self.today})
        self.assertFalse(self._warnings(self.line_network))

    def test_warning_days_setting(self):
        self.env['res.config.settings'].create({'kam_project_warning_days': 12}).execute()
        self._run_cron(0)
        self.assertEqual(self._warnings().mapped('res_id'), self.line_network.ids)

    def test_closed_projects_and_lines_without_owner_are_not_warned(self):
        self.project_a.action_cancel()
        self._run_cron(30)
        self.assertFalse(self._warnings(), "project B's line has no owner, project A is cancelled")

    def test_cron_is_chunked_and_resumes_after_a_crash(self):
        projects = self.project_a | self.project_b
        for i in range(3):
            projects |= self._create_project(self.account_a, f"Bulk {i}", [(self.dept_it, 2)])
        lines = projects.task_ids.filtered('user_id')
        # five projects refreshed one by one, then the 4 overdue lines with an owner
        # the worker died right after committing the second chunk of lines
        with self._expect_crash():
            self._run_cron(11, crash_at=7, batch_size=1)
        self.assertEqual(len(self._warnings(lines)), 2, "two chunks of lines were done before the crash")
        calls = self._run_cron(11, batch_size=1)
        self.assertEqual(len(self._warnings(lines)), 4, "one warning per due line, none repeated")
        self.assertEqual(len(calls), 2, "the rerun neither refreshes the projects again nor "
                                        "repeats a warning: it warns the two lines left")
        self.assertEqual(calls[-1], (1, 0))

    def test_warning_cost_does_not_grow_with_the_lines(self):
        """Sending the warnings of 2 or of 20 lines costs the same queries."""
        Task = self.env['kam.project.task']

        def lines(count, days):
            # one line per department and project: as many departments
            departments = self.env['hr.department'].create([{
                'name': f"Network {count}/{days}/{i}",
                'manager_id': self.dept_network.manager_id.id,
            } for i in range(count)])
            project = self._create_project(
                self.account_a, f"Bulk {count}", [(department, days) for department in departments])
            return project.task_ids

        small, big = lines(2, 1), lines(20, 1)
        overdue_small, overdue_big = lines(2, -2), lines(20, -2)

        def send(tasks):
            self.env.invalidate_all()
            return self._count_queries(lambda: (tasks._kam_send_warnings(), self.env.flush_all()))

        send(Task.browse(small[:1].ids))  # warm the caches of the activity type and settings
        self.assertEqual(send(small | overdue_small), send(big | overdue_big))
        self.assertEqual(len(self._warnings(big | overdue_big)), 40)
        self.assertTrue(all(big.mapped('warned_soon')) and all(overdue_big.mapped('warned_overdue')))

    def test_warning_cost_does_not_grow_with_the_projects(self):
        """The activities are named after their lines' projects: 2 or 20
        projects cost the same queries (display names read at once)."""
        Task = self.env['kam.project.task']

        def lines(count):
            return Task.browse([
                self._create_project(self.account_a, f"Many {count}-{i}", [(self.dept_network, 1)]).task_ids.id
                for i in range(count)])

        small, big = lines(2), lines(20)

        def send(tasks):
            self.env.invalidate_all()
            return self._count_queries(lambda: (tasks._kam_send_warnings(), self.env.flush_all()))

        send(lines(1))  # warm the caches of the activity type and settings
        self.assertEqual(send(small), send(big))
        activities = self._warnings(big)
        self.assertEqual(len(activities), 20)
        self.assertEqual(set(activities.mapped('res_name')), set(big.mapped('display_name')))

    def test_health_refresh_keeps_its_place_and_reports_what_remains(self):
        calls = self._run_cron(11, batch_size=1)
        self.assertEqual(calls, [(1, 1), (1, 0), (1, 0)],
                         "two projects refreshed one by one, then the overdue line")
        self.assertEqual((self.project_a | self.project_b).mapped('health_date'),
                         [self.today + timedelta(days=11)] * 2)
        self.assertEqual(self._run_cron(11, batch_size=1), [],
                         "refreshed today already: a rerun does not start over")
        self.assertEqual(len(self._run_cron(12, batch_size=1)), 2, "the next day it does")

    def test_time_limit_stops_the_job_and_the_reruns_finish_it_once(self):
        """Wherever the cron's time runs out (Odoo's ``_commit_progress``
        then returns 0), the job stops after committing and, when work is
        left, says so: Odoo runs it again at once while the last report of a
        run counts something remaining (``ir.cron._run_job``), each rerun out
        of time again after its first chunk. In the end every project is
        refreshed and every due line warned exactly once."""
        projects = self.project_a | self.project_b
        for i in range(3):
            projects |= self._create_project(self.account_a, f"Bulk {i}", [(self.dept_it, 2)])
        due = projects.task_ids.filtered('user_id') - self.line_it  # the IT line is due in 20 days
        day = self.today + timedelta(days=11)

        def run_until_done(deadline_at):
            runs = []
            while not runs or (runs[-1] and runs[-1][-1][1]):
                self.assertLess(len(runs), 20, "the reruns come to an end")
                with freeze_time(day), self._cron_commits(deadline_at=1 if runs else deadline_at) as calls:
                    self.env['kam.project']._cron_kam_project_warnings(batch_size=1)
                runs.append(calls)
            return runs

        @contextmanager
        def rolled_back():
            savepoint = self.env.cr.savepoint()
            try:
                yield
            finally:
                savepoint.close(rollback=True)
                self.env.invalidate_all()

        with rolled_back():
            commits = len(run_until_done(None)[0])
        self.assertEqual(commits, 9, "five projects refreshed, then four lines warned, one by one")
        for deadline_at in range(1, commits + 1):
            with self.subTest(deadline_at=deadline_at), rolled_back():
                runs = run_until_done(deadline_at)
                self.assertLessEqual(len(runs[0]), deadline_at + 1, "the job stops when its time is up")
                if deadline_at == 2:
                    self.assertEqual(runs[0], [(1, 4), (1, 3)], "three projects left to refresh")
                self.assertEqual(set(projects.mapped('health_date')), {day})
                self.assertEqual(sorted(self._warnings(due).mapped('res_id')), sorted(due.ids),
                                 "one warning per due line, none repeated")
