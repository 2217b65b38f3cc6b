import re
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import html2plaintext

from .test_contract_common import KamContractCommon

# Latin words of three letters or more: none may be left in a Chinese text
# (contract numbers such as HT/2026/0001 and tier codes are two letters or less).
ENGLISH = re.compile(r"[A-Za-z]{3,}")


@tagged('post_install', '-at_install')
class TestJobLanguages(KamContractCommon):
    """Every text a daily job writes reaches a Chinese manager in Chinese:
    tier reasons and chatter lines, contract reminders and their activities,
    project warnings, failure reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env['res.lang']._activate_lang('zh_CN')
        cls.env['ir.module.module']._load_module_terms(
            ['key_account_management', 'mail'], ['zh_CN'], overwrite=True)
        cls.manager_zh = new_test_user(
            cls.env, login='kam_zh_manager', name="王经理", lang='zh_CN',
            groups='key_account_management.group_kam_user')
        cls.account_zh = cls._create_account(
            "华东港务集团", kam_manager_id=cls.manager_zh.id, kam_handset_count=600,
            kam_industry_id=cls.industry_gov.id)
        cls.industry_account = cls._create_account(
            "华东日报社", kam_manager_id=cls.manager_zh.id, kam_handset_count=3,
            kam_industry_id=cls.env.ref('key_account_management.kam_industry_media').id)

    def assertChinese(self, text, what):
        text = html2plaintext(text or '') if '<' in (text or '') else (text or '')
        self.assertTrue(text.strip(), f"{what} is empty")
        self.assertFalse(ENGLISH.findall(text), f"{what} has English words: {text}")

    def test_tier_texts_in_the_managers_language(self):
        with self._cron_commits():
            self.env['res.partner']._cron_kam_classify_tiers()
        for account in (self.account_zh, self.industry_account):
            self.assertEqual(account.kam_tier_id, self.tier_a)
            self.assertChinese(account.kam_tier_reason, "tier reason")
            self.assertChinese(account.message_ids[0].body, "tier change line")
        self.assertIn(self.industry_account.kam_industry_id.with_context(lang='zh_CN').name,
                      self.industry_account.kam_tier_reason, "the industry is named in Chinese")
        self.account_zh.with_user(self.manager_zh).kam_tier_id = self.tier_b
        self.assertChinese(self.account_zh.kam_tier_reason, "hand-set reason")
        self.assertChinese(self.account_zh.message_ids[0].body, "hand-set chatter line")

    def test_contract_reminders_in_the_managers_language(self):
        with freeze_time(date(2026, 1, 2)):
            contract = self._create_contract(partner_id=self.account_zh.id, title="移动办公",
                                             notice_days=30)
            contract.action_confirm()
            late = self._create_contract(partner_id=self.account_zh.id, title="专线",
                                         notice_days=80, reminder_steps="60")
            late.action_confirm()
        with freeze_time(date(2026, 5, 2)), self._cron_commits():
            self.Contract._cron_kam_contract_reminders()
        for record in (contract, late):
            message = record.message_ids.filtered(lambda m: m.message_type == 'notification')[0]
            self.assertChinese(message.subject, "reminder subject")
            self.assertChinese(message.body, "reminder body")
            activity = record.activity_ids
            self.assertEqual(activity.user_id, self.manager_zh)
            self.assertChinese(activity.summary, "renewal activity summary")
            self.assertChinese(activity.note, "renewal activity note")

    def test_failure_report_in_the_managers_language(self):
        with freeze_time(date(2026, 1, 2)):
            bad = self._create_contract(partner_id=self.account_zh.id, title="自动续签",
                                        auto_renew=True, renewal_months=1)
            bad.action_confirm()
        with freeze_time(date(2026, 9, 1)), self._cron_commits(), \
                self.assertLogs('odoo.addons.key_account_management.models.kam_tools', 'WARNING'):
            self.Contract._cron_kam_contract_reminders()
        activity = bad.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref('mail.mail_activity_data_todo'))
        self.assertEqual(activity.user_id, self.manager_zh)
        self.assertChinese(activity.summary, "failure summary")
        # the reason is the error, raised in the job's language: only the frame is checked
        self.assertNotIn("could not process", activity.note)

    def test_project_warnings_in_the_owners_language(self):
        owner = new_test_user(self.env, login='kam_zh_owner', name="陈刚", lang='zh_CN',
                              groups='base.group_user')
        manager = self.env['hr.employee'].create({'name': "陈刚", 'user_id': owner.id})
        departments = self.env['hr.department'].create([
            {'name': name, 'manager_id': manager.id} for name in ("网络运维部", "IT支撑中心")])
        today = fields.Date.context_today(self.env.user)
        project = self.env['kam.project'].create({
            'name': "5G专网建设", 'partner_id': self.account_zh.id, 'stage': 'in_progress',
            'date_start': today - timedelta(days=30), 'date_end': today + timedelta(days=60),
            # one line per department: one due soon, one overdue
            'task_ids': [Command.create({'department_id': department.id, 'name': "基站",
                                         'date_expected': today + timedelta(days=d)})
                         for department, d in zip(departments, (1, -2))],
        })
        with self._cron_commits():
            self.env['kam.project']._cron_kam_project_warnings()
        activities = project.task_ids.activity_ids
        self.assertEqual(len(activities), 2)
        for activity in activities:
            self.assertEqual(activity.user_id, owner)
            self.assertChinese(activity.summary, "warning summary")
            self.assertChinese(activity.note, "warning note")

    def test_health_texts_in_the_managers_language(self):
        """Factor sentences, the retention case's activity and the visit
        plan's reminder reach a Chinese manager in Chinese."""
        competitor = self.env['res.partner'].create({'name': "东方移动通信", 'is_company': True})
        self.account_zh.kam_tier_id = self.tier_a
        with freeze_time(date(2026, 1, 2)):
            contract = self._create_contract(partner_id=self.account_zh.id, title="移动办公",
                                             date_end=date(2026, 2, 20))
            contract.action_confirm()
            self.env['kam.competitor.offer'].create({
                'name': "5G专网", 'partner_id': self.account_zh.id, 'competitor_id': competitor.id,
                'threat_level': 'high'})
            self.env['ir.config_parameter'].sudo().set_param(
                'key_account_management.health_risk_below', 70)
            with self._cron_commits():
                self.env['res.partner']._cron_kam_health()
        factors = self.account_zh.kam_health_factor_ids
        self.assertEqual(set(factors.mapped('code')),
                         {'contract_expiring', 'competitor_offer', 'no_visit'})
        for factor in factors:
            self.assertChinese(factor.name.replace(contract.name, ''), f"factor {factor.code}")
        case = self.env['kam.retention.case'].search([('partner_id', '=', self.account_zh.id)])
        self.assertEqual(case.user_id, self.manager_zh)
        self.assertChinese(case.activity_ids.summary, "retention case activity")
        visit_due = self.account_zh.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(
                'key_account_management.mail_activity_type_kam_visit'))
        self.assertChinese(visit_due.summary, "visit plan reminder")
