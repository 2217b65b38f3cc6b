import importlib.util
from pathlib import Path

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common_member import KamMemberCommon

XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
MIGRATION = Path(__file__).parent.parent / 'migrations' / '19.0.1.3.0'


@tagged('post_install', '-at_install')
class TestWorkbookBelongsToItsRequester(HttpCase, KamMemberCommon):
    """A management workbook (the wizard and its file) is read by the user
    who asked for it and by the Key Accounts Administrators: another Key
    Accounts user and an employee outside the app find it neither by id,
    nor by a search, nor at /web/content; in the foreground and in the
    background path."""

    def setUp(self):
        super().setUp()
        self.Wizard = self.env['kam.export.wizard']

    def _ask(self, background=False):
        if background:
            self.env['ir.config_parameter'].set_param(
                'key_account_management.workbook_background_accounts', 1)
        wizard = self.Wizard.with_user(self.user_kam).create({
            'date_from': fields.Date.today().replace(day=1), 'date_to': fields.Date.today()})
        wizard.action_export()
        if background:
            with self._cron_commits():
                self.Wizard._cron_kam_export_workbooks()
        wizard.invalidate_recordset()
        self.assertEqual(wizard.state, 'done')
        return wizard, wizard.attachment_id

    def _download(self, user, attachment):
        self.authenticate(user.login, user.login)
        return self.url_open(f'/web/content/{attachment.id}?download=true')

    def _assert_private(self, wizard, attachment):
        # the requester reads and downloads it
        self.assertEqual(attachment.with_user(self.user_kam).raw[:2], b'PK')
        self.assertEqual(self._download(self.user_kam, attachment).content[:2], b'PK')
        # an administrator of the app too
        self.assertEqual(attachment.with_user(self.user_kam_admin).raw[:2], b'PK')
        self.assertIn(wizard, self.Wizard.with_user(self.user_kam_admin).search([]))
        for user in (self.user_kam_other, self.user_internal):
            Wizard = self.Wizard.with_user(user)
            Attachment = self.env['ir.attachment'].with_user(user)
            if user == self.user_kam_other:
                self.assertNotIn(wizard.id, [w['id'] for w in Wizard.search_read([], ['state'])])
            else:
                with self.assertRaisesText(AccessError, "(kam.export.wizard)"):
                    Wizard.search_read([], ['state'])
            with self.assertRaisesText(AccessError, "(kam.export.wizard)"):
                wizard.with_user(user).read(['state'])
            self.assertFalse(Attachment.search_read([('id', '=', attachment.id)], ['name']))
            self.assertNotIn(attachment, Attachment.search([('mimetype', '=', XLSX)]))
            self.assertNotIn(attachment, Attachment.search([('res_model', '=', 'res.users')]))
            self.assertFalse(Attachment.search_read([('name', '=', attachment.name)], ['name']))
            with self.assertRaisesText(AccessError, "(ir.attachment)"):
                attachment.with_user(user).read(['name'])
            response = self._download(user, attachment)
            self.assertEqual(response.status_code, 404, user.login)
            self.assertNotEqual(response.content[:2], b'PK')

    def test_workbook_downloaded_at_once(self):
        wizard, attachment = self._ask()
        self.assertEqual((attachment.res_model, attachment.res_id), (wizard._name, wizard.id))
        self._assert_private(wizard, attachment)

    def test_workbook_made_in_the_background(self):
        wizard, attachment = self._ask(background=True)
        self.assertEqual((attachment.res_model, attachment.res_id), (wizard._name, wizard.id))
        self._assert_private(wizard, attachment)
        # it is in the requester's inbox, and goes with the wizard
        message = self.env['mail.message'].search([('attachment_ids', 'in', attachment.ids)])
        self.assertEqual(message.partner_ids, self.user_kam.partner_id)
        self.assertIn("for a day", message.body)
        wizard.sudo().unlink()
        self.assertFalse(attachment.exists())

    def test_monthly_workbook_is_no_ones_but_its_mail(self):
        self.company.kam_workbook_user_ids = self.user_kam
        with self._cron_commits():
            self.Wizard._cron_kam_mail_workbook()
        mail = self.env['mail.mail'].search([('email_to', 'like', self.user_kam.email)])
        attachment = mail.attachment_ids
        self.assertEqual(attachment.mimetype, XLSX)
        for user in (self.user_kam_other, self.user_internal):
            self.assertNotIn(attachment, self.env['ir.attachment'].with_user(user).search(
                [('mimetype', '=', XLSX)]))
            self.assertEqual(self._download(user, attachment).status_code, 404)

    def test_upgrade_takes_old_workbooks_off_the_users(self):
        # as the job stored them before: on the requester's user record
        wizard, attachment = self._ask(background=True)
        attachment.write({'res_model': 'res.users', 'res_id': self.user_kam.id})
        older = attachment.copy({'res_model': 'res.users', 'res_id': self.user_kam.id})
        self.user_kam.partner_id.message_notify(
            partner_ids=self.user_kam.partner_id.ids, body="ready", attachment_ids=older.ids)
        self.assertIn(older, self.env['ir.attachment'].with_user(self.user_internal).search(
            [('mimetype', '=', XLSX)]), "the leak the upgrade closes")
        self.env.flush_all()
        spec = importlib.util.spec_from_file_location(
            'kam_migration_workbooks', MIGRATION / 'post-private_workbooks.py')
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, '19.0.1.2.0')
        self.env.invalidate_all()
        self.assertEqual((attachment.res_model, attachment.res_id), (wizard._name, wizard.id))
        self.assertFalse(older.res_model or older.res_id)
        self.assertEqual(older.create_uid, self.user_kam)
        self._assert_private(wizard, attachment)
        self.assertEqual(older.with_user(self.user_kam).raw[:2], b'PK')
        for user in (self.user_kam_other, self.user_internal):
            self.assertNotIn(older, self.env['ir.attachment'].with_user(user).search(
                [('mimetype', '=', XLSX)]))
