import re
from datetime import date

import lxml.html
from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.convert import convert_file

from .test_contract_common import KamContractCommon

MODULE = 'key_account_management'
# Latin words of three letters or more (contract and work-order numbers have
# two-letter prefixes); the demo's own texts are Chinese.
ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _text(html):
    """The words a reader sees (no link targets, no image names)."""
    if '<' not in (html or ''):
        return html or ''
    return lxml.html.fromstring(f"<div>{html}</div>").text_content()


@tagged('post_install', '-at_install')
class TestDemoLanguage(KamContractCommon):
    """The demo runs the daily jobs while Odoo installs the addon, before
    Odoo loads the addon's own Chinese (it does so after the demo data).
    The demo's first file loads it: the jobs then write Chinese for Chinese
    managers, as they do on any later day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a Chinese database in the middle of the install: zh_CN is active,
        # this addon's translations are not in the database yet
        cls.env['res.lang']._activate_lang('zh_CN')
        cls.manager_zh = new_test_user(
            cls.env, login='kam_demo_zh_manager', name="王经理", lang='zh_CN',
            groups='key_account_management.group_kam_user')
        cls.account_zh = cls._create_account("华东港务集团", kam_manager_id=cls.manager_zh.id)

    def _run_contract_job(self):
        with freeze_time(date(2026, 1, 2)):
            contract = self._create_contract(partner_id=self.account_zh.id, title="移动办公")
            contract.action_confirm()
        before = contract.message_ids
        # as the demo file calls it: the installer's environment, no language
        install_env = self.env(context={})
        with freeze_time(date(2026, 5, 2)):
            contract.with_env(install_env)._kam_process_due(date(2026, 5, 2))
        return contract.message_ids - before

    def test_demo_jobs_write_chinese(self):
        convert_file(self.env, MODULE, 'demo/kam_demo_language.xml', {}, mode='init')
        messages = self._run_contract_job()
        self.assertEqual(len(messages), 2, "the state line and the reminder")
        for message in messages:
            text = f"{message.subject or ''} {_text(message.body)}"
            self.assertFalse(ENGLISH.findall(text), f"English in the demo's chatter: {text}")
        self.assertIn("即将到期", _text(messages.mapped('body')[-1]), "the state in Chinese")

    def test_english_database_stays_english(self):
        """Without Chinese among the languages, the same file loads nothing
        and the demo stays English."""
        self.manager_zh.lang = 'en_US'
        self.env['res.lang'].search([('code', '=', 'zh_CN')]).active = False
        convert_file(self.env, MODULE, 'demo/kam_demo_language.xml', {}, mode='init')
        bodies = " ".join(_text(m.body) for m in self._run_contract_job())
        self.assertIn("Expiring", bodies)

    def test_channel_in_the_administrators_language(self):
        """The staff channel made at install is named in the language of the
        administrator (the data file can only write English)."""
        channel = self.env.ref(f'{MODULE}.discuss_channel_kam_announcements')
        self.env.ref('base.user_admin').lang = 'zh_CN'
        self.env['kam.announcement']._kam_name_channel()
        self.assertEqual(channel.name, "大客户公告")
        self.assertEqual(channel.description, "政企客户部发给客户经理的公告。")


@tagged('post_install', '-at_install')
class TestDemoChatterLanguage(TransactionCase):
    """In a demo database with Chinese (make run), what the demo's records
    say in their chatter is Chinese. The test database has no demo data:
    this runs against a demo database, e.g.
    odoo-bin -d kam_demo --test-tags /key_account_management:TestDemoChatterLanguage."""

    def test_demo_chatter_is_chinese(self):
        module = self.env['ir.module.module']._get(MODULE)
        if not module.demo or not self.env['res.lang']._lang_get('zh_CN'):
            self.skipTest("needs a demo database with Chinese")
        # the demo's business records (the technical ones, crons and server
        # actions, carry Odoo's own creation line)
        data = self.env['ir.model.data'].search([('module', '=', MODULE),
                                                 ('model', 'not like', 'ir.%')])
        records = {(d.model, d.res_id) for d in data}
        messages = self.env['mail.message'].search(
            [('model', 'in', list({model for model, _id in records}))]).filtered(
            lambda m: (m.model, m.res_id) in records)
        self.assertGreater(len(messages), 20)
        english = []
        for message in messages:
            texts = [message.subject or '', _text(message.body)] + [
                value for tracking in message.sudo().tracking_value_ids
                for value in (tracking.old_value_char or '', tracking.new_value_char or '')]
            english += [f"{message.model},{message.res_id}: {text}" for text in texts
                        if ENGLISH.search(text)]
        self.assertFalse(english, "English in the demo's chatter:\n" + "\n".join(english))
        channel = self.env.ref(f'{MODULE}.discuss_channel_kam_announcements')
        self.assertEqual(channel.name, "大客户公告")
