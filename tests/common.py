import gc
from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger


class KamCronCrash(Exception):
    """Stands for a worker killed at a cron's commit point."""


class KamCommon(TransactionCase):
    """The shared world of the addon's tests: one user per access level,
    the default tiers and industries, and a helper to make accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref('base.main_company')
        for attr, login, name, groups in (
            ('user_internal', 'kam_plain_employee', "Plain Employee", 'base.group_user'),
            ('user_kam', 'kam_test_user', "Account Manager One",
             'key_account_management.group_kam_user'),
            ('user_kam_other', 'kam_test_user2', "Account Manager Two",
             'key_account_management.group_kam_user'),
            ('user_kam_manager', 'kam_test_manager', "Department Head",
             'key_account_management.group_kam_manager'),
            ('user_kam_admin', 'kam_test_admin', "KAM Administrator",
             'key_account_management.group_kam_admin,base.group_system'),
        ):
            setattr(cls, attr, new_test_user(cls.env, login=login, name=name, groups=groups))

        cls.tier_a = cls.env.ref('key_account_management.kam_tier_a')
        cls.tier_b = cls.env.ref('key_account_management.kam_tier_b')
        cls.tier_c = cls.env.ref('key_account_management.kam_tier_c')
        cls.tier_d = cls.env.ref('key_account_management.kam_tier_d')
        cls.industry_energy = cls.env.ref('key_account_management.kam_industry_energy')
        cls.industry_gov = cls.env.ref('key_account_management.kam_industry_gov')
        cls.industry_retail = cls.env.ref('key_account_management.kam_industry_retail')

    @classmethod
    def _create_account(cls, name, **vals):
        values = {
            'name': name,
            'is_company': True,
            'kam_is_key_account': True,
            'kam_manager_id': cls.user_kam.id,
            'kam_industry_id': cls.industry_retail.id,
        }
        values.update(vals)
        return cls.env['res.partner'].create(values)

    @classmethod
    def _create_contact(cls, company, name, **vals):
        return cls.env['res.partner'].create(dict({
            'name': name, 'parent_id': company.id, 'is_company': False}, **vals))

    @classmethod
    def _create_portal_user(cls, company, login):
        """A portal user whose contact works for ``company``."""
        contact = cls._create_contact(company, f"{login} contact", email=f"{login}@example.com")
        return new_test_user(cls.env, login=login, groups='base.group_portal',
                             partner_id=contact.id)

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (which rolls back what the failing call wrote) and
        the error's message contains ``text``."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIn(text, str(catcher.exception))

    def _count_queries(self, func):
        """Number of SQL queries ``func()`` sends. Environments are held
        weakly and keep themselves alive in reference cycles: the ones left by
        earlier calls are collected first, so that whether the garbage
        collector happened to run in between (a new environment reads the
        user's company again) never changes the count."""
        gc.collect()
        start = self.env.cr.sql_log_count
        func()
        return self.env.cr.sql_log_count - start

    def _contract_page_queries(self, user, limit):
        """Queries of a page of ``limit`` contracts of the contract list as
        ``user`` reads it, with the rule and field caches warm."""
        spec = {'name': {}, 'title': {}, 'partner_id': {'fields': {'display_name': {}}},
                'user_id': {'fields': {'display_name': {}}}, 'date_end': {}, 'state': {}}
        Contract = self.env['kam.contract'].with_user(user)
        Contract.web_search_read([], spec, limit=limit)  # warm the rule and field caches
        self.env.invalidate_all()
        return self._count_queries(lambda: Contract.web_search_read([], spec, limit=limit))

    @contextmanager
    def assertRaisesConstraint(self, exception, model, message):
        """The block breaks a database constraint of ``model``: raises
        ``exception`` (a psycopg2 error class), whose message for the user
        is ``message``. What the block wrote is rolled back."""
        with mute_logger('odoo.sql_db'), self.assertRaises(exception) as catcher, \
                self.env.cr.savepoint():
            yield catcher
        self.assertEqual(self.env[model]._sql_error_to_message(catcher.exception), message)

    @contextmanager
    def _expect_crash(self):
        """The job dies (KamCronCrash) where _cron_commits makes it. Unlike
        Odoo's assertRaises, no savepoint is rolled back around it: what the
        job committed before the crash stays, as in a real worker."""
        try:
            yield
        except KamCronCrash:
            return
        self.fail("the job ran to its end: the crash it was told to have did not happen")

    @contextmanager
    def _cron_commits(self, crash_at=None, crash_before=None, deadline_at=None):
        """Run a cron's chunks without committing the test transaction: each
        ``_commit_progress`` call is recorded (processed, remaining) and acts
        as a commit (a savepoint released). With ``crash_at=n``, the n-th one
        raises as if the worker died right after committing; with
        ``crash_before=n``, the n-th one raises as if it died just before:
        that chunk's work is rolled back. With ``deadline_at=n``, the job's
        time is up from the n-th one on: like Odoo's, which returns the
        seconds left before the job's end time (``cron_end_time``) and 0 once
        it has passed, it then commits and returns 0."""
        calls = []
        cr = self.env.cr
        state = {'savepoint': cr.savepoint()}

        def commit_progress(cron, processed=0, *, remaining=None, deactivate=False):
            if crash_before and len(calls) + 1 >= crash_before:
                state['savepoint'].close(rollback=True)
                raise KamCronCrash()
            calls.append((processed, remaining))
            state['savepoint'].close(rollback=False)
            state['savepoint'] = cr.savepoint()
            if crash_at and len(calls) >= crash_at:
                raise KamCronCrash()
            return 0.0 if deadline_at and len(calls) >= deadline_at else 60.0

        try:
            with patch.object(self.registry['ir.cron'], '_commit_progress', commit_progress):
                yield calls
        finally:
            state['savepoint'].close(rollback=False)
