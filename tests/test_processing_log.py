from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tools.translate import code_translations

from .common_privacy import FULL_A, KamPrivacyCommon


class TestProcessingLog(KamPrivacyCommon):
    """Who read, revealed, exported and messaged personal data: written by
    the application, never changed or deleted by anyone, read by the
    data-protection officers and the administrators, kept for the days set."""

    def _log(self, **domain):
        return self.env['kam.processing.log'].search(
            [(key, '=', value) for key, value in domain.items()], order='id desc', limit=1)

    def assertNoNumbers(self, lines):
        for line in lines:
            self.assertNotIn(FULL_A, line.summary or '')
            self.assertNotIn('5678', line.summary or '')

    def test_reveal_logged(self):
        self.member_a.with_user(self.user_kam_manager).action_kam_reveal_phone()
        line = self._log(kind='reveal')
        self.assertEqual((line.user_id, line.res_model, line.record_count, line.account_id),
                         (self.user_kam_manager, 'kam.member', 1, self.group_a))
        self.contact_a.with_user(self.user_kam_manager).action_kam_reveal_phone()
        line = self._log(kind='reveal')
        self.assertEqual((line.res_model, line.account_id), ('res.partner', self.group_a))
        self.assertNoNumbers(line | self._log(kind='reveal'))

    def test_member_list_read_logged(self):
        Member = self.env['kam.member'].with_user(self.head_a)
        Member.web_search_read([('partner_id', '=', self.group_a.id)], {'name': {}, 'mobile': {}})
        line = self._log(kind='read_list')
        self.assertEqual((line.user_id, line.record_count, line.account_id),
                         (self.head_a, 1, self.group_a))
        # the group's members: of two key accounts (the subsidiary is one)
        Member.web_search_read([('group_id', '=', self.group_a.id)], {'name': {}})
        line = self._log(kind='read_list')
        self.assertEqual((line.record_count, line.account_id.id), (2, False))
        Member.web_search_read([('id', '=', 0)], {'name': {}})
        self.assertEqual(self._log(kind='read_list'), line, "an empty list reads nobody")

    def test_backend_exports_logged(self):
        self.member_a.with_user(self.user_kam).export_data(['name', 'mobile'])
        line = self._log(kind='export')
        self.assertEqual((line.user_id, line.res_model, line.record_count, line.account_id),
                         (self.user_kam, 'kam.member', 1, self.group_a))
        self.assertIn("mobile", line.summary)
        self.contact_a.with_user(self.user_kam_manager).export_data(['name', 'phone'])
        line = self._log(kind='export')
        self.assertEqual((line.user_id, line.res_model, line.record_count),
                         (self.user_kam_manager, 'res.partner', 1))
        # partners outside the key accounts' groups: no personal data of theirs
        plain = self.env['res.partner'].create({'name': "Plain Person"})
        plain.with_user(self.user_kam_manager).export_data(['name'])
        self.assertEqual(self._log(kind='export'), line)

    def test_group_sms_logged(self):
        send = self.env['kam.sms.send'].with_user(self.user_kam).create({
            'name': "Notice", 'audience': 'members', 'body': "{name}",
            'account_ids': [(6, 0, self.group_a.ids)]})
        send.action_send()
        line = self._log(kind='sms')
        self.assertEqual((line.user_id, line.record_count), (self.user_kam, 2))
        self.assertIn("Notice", line.summary)

    def test_workbook_logged(self):
        wizard = self.env['kam.export.wizard'].with_user(self.user_kam_manager).create({})
        wizard._kam_workbook()
        line = self._log(kind='workbook')
        self.assertEqual(line.user_id, self.user_kam_manager)
        self.assertGreaterEqual(line.record_count, 3)

    def test_nobody_writes_or_deletes_the_log(self):
        self.member_a.with_user(self.user_kam_manager).action_kam_reveal_phone()
        line = self._log(kind='reveal')
        for user in (self.user_kam_manager, self.user_kam_admin, self.env.ref('base.user_admin')):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    line.with_user(user).write({'summary': "nothing happened"})
                with self.assertRaises(AccessError):
                    line.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env['kam.processing.log'].with_user(user).create({
                        'user_id': user.id, 'kind': 'reveal', 'summary': "forged"})
        # not even the superuser outside the log's own job
        with self.assertRaises(AccessError):
            line.sudo().write({'summary': "nothing happened"})
        with self.assertRaises(AccessError):
            line.sudo().unlink()
        self.assertTrue(line.exists())

    def test_read_by_officers_and_administrators_only(self):
        self.member_a.with_user(self.user_kam_manager).action_kam_reveal_phone()
        Log = self.env['kam.processing.log']
        for user in (self.dpo, self.user_kam_admin):
            with self.subTest(user=user.login):
                self.assertTrue(Log.with_user(user).search([('kind', '=', 'reveal')]))
        for user in (self.user_kam_manager, self.user_kam, self.user_internal, self.portal_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Log.with_user(user).search([])

    def test_purge_keeps_the_days_set(self):
        self.env['ir.config_parameter'].sudo().set_param(
            'key_account_management.processing_log_days', '30')
        Log = self.env['kam.processing.log']
        old = Log._kam_log('reveal', self.member_a, "old")
        recent = Log._kam_log('reveal', self.member_a, "recent")
        self.env.cr.execute("UPDATE kam_processing_log SET date = %s WHERE id = %s",
                            [fields.Datetime.now() - timedelta(days=31), old.id])
        self.env.invalidate_all()
        with self._cron_commits() as calls:
            Log._cron_kam_purge_processing_log(batch_size=1)
        self.assertEqual(calls, [(1, 0)])
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())

    def test_keep_days_at_least_one(self):
        with self.assertRaises(ValidationError):
            self.env['res.config.settings'].create({'kam_processing_log_days': 0})

    def test_menu_for_officers_and_administrators(self):
        menu = self.env.ref('key_account_management.menu_kam_processing_log')
        Menu = self.env['ir.ui.menu']
        for user in (self.dpo, self.user_kam_admin):
            with self.subTest(user=user.login):
                self.assertIn(menu.id, Menu.with_user(user)._visible_menu_ids())
        for user in (self.user_kam_manager, self.user_internal):
            with self.subTest(user=user.login):
                self.assertNotIn(menu.id, Menu.with_user(user)._visible_menu_ids())

    def test_member_lists_get_a_read_write_cursor(self):
        """Odoo serves lists on a read-only cursor (a replica) when the
        method says so; the member list writes its log line: read/write."""
        for cls in type(self.env['kam.member']).mro():
            method = getattr(cls, 'web_search_read', None)
            if hasattr(method, '_readonly'):
                self.assertIs(method._readonly, False)
                break
        else:
            self.fail("web_search_read has no cursor mode")

    def test_log_and_errors_in_chinese(self):
        """The log's summaries and the errors are Python strings of the
        addon: its zh_CN file gives them (code entries)."""
        chinese = code_translations.get_python_translations('key_account_management', 'zh_CN')
        for msgid in ("Member list read: %(count)s of %(total)s members",
                      "Portal address book exported: %(count)s members",
                      "Group SMS %(sms)s sent to %(count)s recipients",
                      "The processing log cannot be changed.",
                      "Only the team of the key account and Key Accounts Managers can see this "
                      "number in full."):
            with self.subTest(msgid=msgid):
                self.assertTrue(chinese.get(msgid))
