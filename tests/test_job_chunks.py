from datetime import date, timedelta

from odoo.tests import tagged
from odoo.tests.common import freeze_time

from .common_project import KamProjectCommon
from .common_service_request import KamServiceRequestCommon
from .common_step import KamStepCommon
from .test_contract_common import KamContractCommon

N = 40  # records of the smaller run; the larger has twice as many


class ChunkCostMixin:
    """A nightly job's queries per chunk, measured at two chunk sizes on N
    and 2N records reaching as many account managers as possible (each of
    the N accounts has its own): the queries one more chunk costs must be
    the same for a chunk of 10 and a chunk of 40 records, so that a run of
    the job grows with its chunks, never with the records or the people a
    chunk reaches."""

    @classmethod
    def _users(cls, count, prefix, group='key_account_management.group_kam_user'):
        return cls.env['res.users'].with_context(no_reset_password=True).create([{
            'login': f'kam_chunk_{prefix}_{i}', 'name': f"User {prefix} {i}",
            'group_ids': [(6, 0, cls.env.ref(group).ids)],
        } for i in range(count)])

    @classmethod
    def _managed_accounts(cls, count, prefix):
        """``count`` key accounts, each with an account manager of its own."""
        users = cls._users(count, prefix)
        return cls.env['res.partner'].create([{
            'name': f"Chunk {prefix} account {i}", 'is_company': True, 'kam_is_key_account': True,
            'kam_manager_id': user.id, 'kam_industry_id': cls.industry_retail.id,
        } for i, user in enumerate(users)])

    def _run_queries(self, make, run, count, size):
        """Queries of ``run(size)`` (the job, chunks of ``size``) on the
        ``count`` records ``make(count)`` leaves for it; checks that it
        committed one chunk per ``size`` records."""
        make(count)
        self.env.flush_all()
        self.env.invalidate_all()
        with self._cron_commits() as calls:
            queries = self._count_queries(lambda: (run(size), self.env.flush_all()))
        self.assertEqual([done for done, _left in calls], [size] * (count // size))
        return queries

    def assertConstantPerChunk(self, make, run, slack=2):
        make(10)
        with self._cron_commits():
            run(10)  # warm the caches: templates, activity types, rules
        per_chunk = {}
        for size in (10, 40):
            small = self._run_queries(make, run, N, size)
            large = self._run_queries(make, run, 2 * N, size)
            per_chunk[size] = (large - small) / (N // size)
        self.assertLessEqual(
            abs(per_chunk[40] - per_chunk[10]), slack,
            f"a chunk of 40 costs the queries of a chunk of 10 (per chunk: {per_chunk})")
        return per_chunk


@tagged('post_install', '-at_install')
class TestSlaJobChunks(ChunkCostMixin, KamServiceRequestCommon):
    """SLA escalation: an activity for each work order's account manager,
    one note each, the managers made followers, all in batches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accounts = cls._managed_accounts(2 * N, 'sla')

    def _make(self, count):
        with freeze_time('2026-11-23 08:00:00'):
            requests = self.env['kam.service.request'].create([{
                'type_id': self.type_fault.id, 'partner_id': self.accounts[i % len(self.accounts)].id,
                'contact_phone': '13805710001',
                'line_ids': [(0, 0, {'operation': 'number', 'number': str(i)})],
            } for i in range(count)])
            requests.action_submit()
        self.made = requests

    def _run(self, size):
        with freeze_time('2026-11-23 12:00:00'):
            self.env['kam.service.request']._cron_kam_sla_escalate(batch_size=size)

    def test_queries_per_chunk_are_constant(self):
        self.assertConstantPerChunk(self._make, self._run)
        # what was measured is the escalation, to each order's own manager
        breach = self.env.ref('key_account_management.mail_activity_type_kam_sla_breach')
        activities = self.env['mail.activity'].search([
            ('res_model', '=', self.made._name), ('res_id', 'in', self.made.ids),
            ('activity_type_id', '=', breach.id)])
        self.assertEqual(sorted(activities.mapped('res_id')), sorted(self.made.ids), "one each")
        for request in self.made:
            manager = request.partner_id.kam_manager_id
            self.assertEqual(activities.filtered(lambda a, r=request: a.res_id == r.id).user_id, manager)
            self.assertIn(manager.partner_id, request.message_partner_ids, "the manager follows it")
            self.assertTrue(request.message_ids.filtered(lambda m: 'SLA breached' in (m.body or '')))

    def test_followers_once_with_default_subtypes(self):
        """The batch subscription is what message_subscribe makes: default
        subtypes, nobody subscribed twice, existing followers kept."""
        self._make(3)
        request = self.made[0]
        manager = request.partner_id.kam_manager_id
        request.message_subscribe(partner_ids=manager.partner_id.ids)
        with self._cron_commits():
            self._run(10)
        followers = self.env['mail.followers'].search([
            ('res_model', '=', request._name), ('res_id', 'in', self.made.ids)])
        pairs = [(f.res_id, f.partner_id.id) for f in followers]
        self.assertEqual(len(pairs), len(set(pairs)), "nobody follows twice")
        default = self.env['mail.message.subtype'].default_subtypes(request._name)[0]
        other = followers.filtered(lambda f: f.res_id == self.made[1].id
                                   and f.partner_id == self.made[1].partner_id.kam_manager_id.partner_id)
        self.assertEqual(other.subtype_ids, default)


@tagged('post_install', '-at_install')
class TestContractJobChunks(ChunkCostMixin, KamContractCommon):
    """Contract reminders: a note and an activity for each contract's
    manager, in batches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accounts = cls._managed_accounts(2 * N, 'contract')

    def _make(self, count):
        with freeze_time(date(2026, 1, 2)):
            contracts = self.Contract.create([{
                'title': f"Line {i}", 'partner_id': self.accounts[i % len(self.accounts)].id,
                'user_id': self.accounts[i % len(self.accounts)].kam_manager_id.id,
                'date_start': date(2025, 7, 1), 'date_end': date(2026, 6, 30), 'amount': 1000,
            } for i in range(count)])
            contracts.action_confirm()
        self.made = contracts

    def _run(self, size):
        with freeze_time(date(2026, 4, 2)):
            self.Contract._cron_kam_contract_reminders(batch_size=size)

    def test_queries_per_chunk_are_constant(self):
        self.assertConstantPerChunk(self._make, self._run)
        activities = self.env['mail.activity'].search([
            ('res_model', '=', 'kam.contract'), ('res_id', 'in', self.made.ids)])
        self.assertEqual(sorted(activities.mapped('res_id')), sorted(self.made.ids))
        self.assertEqual(activities.user_id, self.made.user_id)
        for contract in self.made:
            self.assertIn(contract.user_id.partner_id, contract.message_partner_ids)


@tagged('post_install', '-at_install')
class TestHealthJobChunks(ChunkCostMixin, KamContractCommon):
    """The health job, first run on new accounts (nothing measured before)."""

    def _make(self, count):
        self.made = self._managed_accounts(count, f'health{count}_{len(self.env["res.users"].search([]))}')

    def _run(self, size):
        self.env['res.partner']._cron_kam_health(batch_size=size)

    def test_queries_per_chunk_are_constant(self):
        self.assertConstantPerChunk(self._make, self._run)
        self.assertTrue(all(self.made.mapped('kam_health_date')))
        self.assertEqual(len(self.env['kam.health.history'].search(
            [('partner_id', 'in', self.made.ids)])), len(self.made), "a history row each")


@tagged('post_install', '-at_install')
class TestTierJobChunks(ChunkCostMixin, KamContractCommon):
    """The tier job on accounts never classified."""

    def _make(self, count):
        self.made = self._managed_accounts(count, f'tier{count}_{len(self.env["res.users"].search([]))}')
        self.made.write({'kam_monthly_revenue': 60000})
        # classified when made: as if last classified yesterday, in no tier
        self.env.flush_all()
        self.env.cr.execute("UPDATE res_partner SET kam_tier_date = current_date - 1, "
                            "kam_tier_id = NULL WHERE id = ANY(%s)", [self.made.ids])
        self.env.invalidate_all()

    def _run(self, size):
        self.env['res.partner']._cron_kam_classify_tiers(batch_size=size)

    def test_queries_per_chunk_are_constant(self):
        self.assertConstantPerChunk(self._make, self._run)
        self.assertTrue(all(self.made.mapped('kam_tier_id')), "every account classified again")


@tagged('post_install', '-at_install')
class TestProjectWarningJobChunks(ChunkCostMixin, KamProjectCommon):
    """Department work due soon: an activity for each line's owner, each
    line owned by someone else."""

    def _make(self, count):
        owners = self._users(count, f'work{count}_{len(self.env["res.users"].search([]))}',
                             group='base.group_user')
        # one line per department and project
        departments = self.env['hr.department'].create([
            {'name': f"Department {owner.login}"} for owner in owners])
        self.made = self.env['kam.project.task'].create([{
            'project_id': self.project_a.id, 'department_id': department.id,
            'name': f"Work {i}", 'date_expected': self.today + timedelta(days=1),
        } for i, department in enumerate(departments)])
        for task, owner in zip(self.made, owners):
            task.user_id = owner

    def _run(self, size):
        self.env['kam.project']._cron_kam_project_warnings(batch_size=size)

    def test_queries_per_chunk_are_constant(self):
        self.assertConstantPerChunk(self._make, self._run)
        activities = self.env['mail.activity'].search([
            ('res_model', '=', 'kam.project.task'), ('res_id', 'in', self.made.ids)])
        self.assertEqual(sorted(activities.mapped('res_id')), sorted(self.made.ids))
        for task in self.made:
            self.assertEqual(activities.filtered(lambda a, t=task: a.res_id == t.id).user_id,
                             task.user_id)


@tagged('post_install', '-at_install')
class TestStepJobChunks(ChunkCostMixin, KamStepCommon):
    """Late provisioning steps: an activity for each step's owner, each
    survey owned by someone else."""

    def _make(self, count):
        owners = self._users(count, f'step{count}_{len(self.env["res.users"].search([]))}',
                             group='base.group_user')
        with freeze_time('2026-11-23 08:00:00'):
            orders = self.env['kam.service.request'].browse()
            for _i in range(count):
                orders |= self._install_order()
        self.made = self._step(orders, self.tpl_survey)
        for step, owner in zip(self.made, owners):
            step.user_id = owner

    def _run(self, size):
        with freeze_time('2026-11-26 08:00:00'):
            self.env['kam.service.request.step']._cron_kam_step_escalate(batch_size=size)

    def test_queries_per_chunk_are_constant(self):
        self.assertConstantPerChunk(self._make, self._run)
        late = self.env.ref('key_account_management.mail_activity_type_kam_step_late')
        activities = self.env['mail.activity'].search([
            ('res_model', '=', self.made._name), ('res_id', 'in', self.made.ids),
            ('activity_type_id', '=', late.id)])
        self.assertEqual(sorted(activities.mapped('res_id')), sorted(self.made.ids))
        for step in self.made:
            self.assertEqual(activities.filtered(lambda a, s=step: a.res_id == s.id).user_id,
                             step.user_id)
