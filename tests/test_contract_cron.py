from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .test_contract_common import KamContractCommon


@tagged('post_install', '-at_install')
class TestContractCron(KamContractCommon):
    """The daily job: states follow the dates, each reminder step is sent
    exactly once, auto-renewal, chunks and restarts."""

    def _run_cron(self, day, **kwargs):
        with freeze_time(day), self._cron_commits() as calls:
            self.Contract._cron_kam_contract_reminders(**kwargs)
        return calls

    def _confirmed(self, day=date(2026, 1, 2), **vals):
        with freeze_time(day):
            contract = self._create_contract(**vals)
            contract.action_confirm()
        return contract

    def _sent(self, contract):
        """The steps reminded, in the order they were sent."""
        return ','.join(contract.reminder_ids.sorted(lambda r: (r.date_sent, r.id)).mapped('step'))

    def _activities(self, contracts):
        return self.env['mail.activity'].search([
            ('res_model', '=', 'kam.contract'), ('res_id', 'in', contracts.ids)])

    def test_states_and_steps_follow_the_dates(self):
        # ends 2026-06-30: steps on 04-01 (90), 05-01 (60), 05-16 (notice), 05-31 (30)
        contract = self._confirmed(notice_days=45)
        self.assertEqual(contract.state, 'active')
        self.assertEqual(contract.next_check_date, date(2026, 4, 1))
        self._run_cron(date(2026, 3, 31))
        self.assertEqual(contract.state, 'active')
        self.assertFalse(self._messages(contract))

        expected = [
            (date(2026, 4, 1), '90', 1),
            (date(2026, 4, 1), '90', 1),  # a second run the same day sends nothing
            (date(2026, 4, 20), '90', 1),
            (date(2026, 5, 1), '90,60', 2),
            (date(2026, 5, 16), '90,60,notice', 3),
            (date(2026, 5, 31), '90,60,notice,30', 4),
            (date(2026, 6, 30), '90,60,notice,30', 4),
        ]
        for day, done, count in expected:
            with self.subTest(day=day):
                self._run_cron(day)
                self.assertEqual(contract.state, 'expiring')
                self.assertEqual(self._sent(contract), done)
                self.assertEqual(len(self._messages(contract)), count)
                self.assertEqual(len(self._activities(contract)), count)
        activity = self._activities(contract)[:1]
        self.assertEqual(activity.user_id, self.user_kam, "the account manager is reminded")
        self.assertEqual(activity.activity_type_id, self.env.ref(
            'key_account_management.mail_activity_type_kam_contract_renewal'))
        self.assertIn(contract.partner_id.name, self._messages(contract)[0].body)

        self._run_cron(date(2026, 7, 1))
        self.assertEqual(contract.state, 'expired')
        self.assertFalse(contract.next_check_date)
        self.assertEqual(len(self._messages(contract)), 4, "no reminder once it has ended")
        self.assertIn(contract, self.Contract.search([('state', '=', 'expired'), ('renewal_id', '=', False)]))

    def test_steps_due_together_send_one_reminder(self):
        contract = self._confirmed(day=date(2026, 6, 10))
        self.assertEqual(contract.state, 'expiring', "20 days left when confirmed")
        self._run_cron(date(2026, 6, 10))
        self.assertEqual(self._sent(contract), '90,60,30')
        self.assertEqual(len(self._messages(contract)), 1)
        self.assertIn("in 20 days", self._messages(contract).body)
        self._run_cron(date(2026, 6, 11))
        self.assertEqual(len(self._messages(contract)), 1)

    def test_per_contract_steps(self):
        contract = self._confirmed(reminder_steps="14")
        self.assertEqual(contract.next_check_date, date(2026, 6, 16))
        self._run_cron(date(2026, 6, 1))
        self.assertEqual(contract.state, 'active')
        self._run_cron(date(2026, 6, 16))
        self.assertEqual((contract.state, self._sent(contract)), ('expiring', '14'))

    def test_exactly_once_across_a_crash(self):
        contracts = self.Contract.browse([self._confirmed(title=f"Crash {i}").id for i in range(5)])
        day = date(2026, 4, 2)
        with freeze_time(day), self._cron_commits(crash_at=1) as calls:
            # the worker died right after committing the first chunk
            with self._expect_crash():
                self.Contract._cron_kam_contract_reminders(batch_size=2)
        self.assertEqual(calls, [(2, 3)])
        reminded = contracts.filtered(lambda c: self._messages(c))
        self.assertEqual(len(reminded), 2, "the first chunk was done and committed")
        calls = self._run_cron(day, batch_size=2)
        self.assertEqual(calls, [(2, 1), (1, 0)], "the rerun does only what was left")
        calls = self._run_cron(day, batch_size=2)
        self.assertEqual(calls, [], "and a third run nothing")
        for contract in contracts:
            self.assertEqual(len(self._messages(contract)), 1, contract.title)
            self.assertEqual(len(self._activities(contract)), 1, contract.title)
            self.assertEqual((contract.state, self._sent(contract)), ('expiring', '90'))

    def test_auto_renew_at_end_date(self):
        contract = self._confirmed(auto_renew=True, renewal_months=24, reminder_steps="30")
        plain = self._confirmed(reminder_steps="30")
        self._run_cron(date(2026, 7, 1))
        self.assertEqual(plain.state, 'expired')
        self.assertEqual(contract.state, 'renewed')
        renewal = contract.renewal_id
        self.assertEqual(renewal.previous_contract_id, contract)
        self.assertEqual(renewal.state, 'active')
        self.assertEqual((renewal.date_start, renewal.date_end), (date(2026, 7, 1), date(2028, 6, 30)))
        self.assertTrue(renewal.auto_renew)
        self.assertTrue(contract.message_ids.filtered(lambda m: "Renewed automatically" in m.body))
        self.assertTrue(renewal.message_ids.filtered(lambda m: "automatic renewal" in m.body))
        self._run_cron(date(2026, 7, 2))
        self.assertEqual(len(self.Contract.search([('previous_contract_id', '=', contract.id)])), 1)

    def test_query_count_per_chunk_is_constant(self):
        day = date(2026, 4, 2)

        def cron_chunk(count):
            contracts = self.Contract.browse(
                [self._confirmed(title=f"Q{count}-{i}").id for i in range(count)])
            self.env.flush_all()
            self.env.invalidate_all()

            def run():
                with freeze_time(day), self._cron_commits() as calls:
                    self.Contract._cron_kam_contract_reminders(batch_size=50)
                self.assertEqual(calls, [(count, 0)], "one chunk")
                self.env.flush_all()
            queries = self._count_queries(run)
            self.assertEqual({self._sent(c) for c in contracts}, {'90'})
            return queries

        cron_chunk(1)  # warm the caches of templates and activity types
        self.assertEqual(cron_chunk(2), cron_chunk(12),
                         "a chunk of 12 contracts costs the queries of a chunk of 2")

    # ------------------------------------------------------------
    # A new end date re-arms the reminders
    # ------------------------------------------------------------

    def test_extended_end_date_rearms_reminders_and_state(self):
        contract = self._confirmed()
        self._run_cron(date(2026, 5, 2))
        self.assertEqual((contract.state, self._sent(contract)), ('expiring', '90,60'))
        reminders = contract.reminder_ids
        self.assertEqual(reminders.mapped('date_due'), [date(2026, 4, 1), date(2026, 5, 1)])
        self.assertTrue(all(reminders.mapped('date_sent')))
        self.assertEqual(self.env['kam.contract.reminder'].search(
            [('contract_id', '=', contract.id), ('step', '=', '60')]), reminders[1], "queryable")
        with freeze_time(date(2026, 5, 2)):
            # by its account manager, who cannot write reminders himself
            contract.with_user(self.user_kam).date_end = date(2026, 12, 31)
        self.assertEqual(contract.state, 'active', "no step is due at the new end date")
        self.assertFalse(contract.reminder_ids, "the steps not yet reached are armed again")
        self.assertEqual(contract.next_check_date, date(2026, 10, 2))
        self._run_cron(date(2026, 10, 2))
        self.assertEqual((contract.state, self._sent(contract)), ('expiring', '90'))
        self.assertEqual(contract.reminder_ids.date_due, date(2026, 10, 2))
        self.assertEqual(len(self._messages(contract)), 2,
                         "one reminder for the steps due on 05-02, one for the 90-day step again")

    def test_shortened_end_date_sends_due_steps_at_the_next_run(self):
        contract = self._confirmed()
        self._run_cron(date(2026, 4, 2))
        self.assertEqual(self._sent(contract), '90')
        with freeze_time(date(2026, 4, 2)):
            contract.date_end = date(2026, 5, 15)
        self.assertEqual(self._sent(contract), '90', "a step already reached stays sent")
        self._run_cron(date(2026, 4, 3))
        self.assertEqual(self._sent(contract), '90,60')
        self.assertEqual(len(self._messages(contract)), 2, "the 60-day step, due now, goes out")

    def test_reminder_after_the_notice_deadline_says_it_has_passed(self):
        # ends 2026-06-30 with 90 days' notice: deadline 2026-04-01
        contract = self._confirmed(notice_days=90, reminder_steps="60")
        self._run_cron(date(2026, 5, 1))
        body = self._messages(contract)[0].body
        self.assertIn("notice deadline", body)
        self.assertIn("has passed", body)
        self.assertNotIn("Notice must be given by", body)
        activity = self._activities(contract)
        self.assertIn("has passed", activity.note)
        early = self._confirmed(notice_days=30, reminder_steps="60", title="Early")
        self._run_cron(date(2026, 5, 2))
        self.assertIn("Notice must be given by", self._messages(early)[0].body)

    # ------------------------------------------------------------
    # One bad contract never stops the job
    # ------------------------------------------------------------

    def test_failing_auto_renewal_is_skipped_once_and_reported(self):
        # renewed for one month: the renewal has ended too when the job
        # finally runs, so confirming it raises
        bad = self._confirmed(auto_renew=True, renewal_months=1, reminder_steps="30", title="Bad")
        good = self.Contract.browse([self._confirmed(reminder_steps="30", title=f"Good {i}").id
                                     for i in range(3)])
        with self.assertLogs('odoo.addons.key_account_management.models.kam_tools', 'WARNING') as logs:
            calls = self._run_cron(date(2026, 9, 1), batch_size=2)
        self.assertEqual(len(logs.output), 1, "logged once, with the reason")
        self.assertIn("has already ended", logs.output[0])
        self.assertEqual(calls, [(2, 2), (2, 0)], "the job went on")
        self.assertEqual(set(good.mapped('state')), {'expired'})
        self.assertEqual(bad.state, 'active', "the failing contract's work was undone")
        self.assertFalse(bad.renewal_id)
        self.assertTrue(bad.job_failed_date)
        failed = self.env['mail.activity'].search([
            ('res_model', '=', 'kam.contract'), ('res_id', '=', bad.id),
            ('activity_type_id', '=', self.env.ref('mail.mail_activity_data_todo').id)])
        self.assertEqual(failed.user_id, self.user_kam, "its manager is told")
        self.assertIn("has already ended", failed.note)
        # not retried forever: the next runs leave it alone
        self.assertEqual(self._run_cron(date(2026, 9, 2)), [])
        self.assertEqual(len(failed.search([('id', 'in', failed.ids)])), 1)
        # fixed by hand: the job takes it again
        bad.renewal_months = 12
        self.assertFalse(bad.job_failed_date)
        self._run_cron(date(2026, 9, 3))
        self.assertEqual(bad.state, 'renewed')
        self.assertEqual(bad.renewal_id.date_end, date(2027, 6, 30))
