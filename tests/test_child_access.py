import re
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from .common_service_request import KamServiceRequestCommon

# the children of an account's records, whose rules must be their parent's
CHILD_MODELS = (
    'kam.contract.line', 'kam.contract.reminder', 'kam.service.request.line', 'kam.sms.recipient',
    'kam.retention.action', 'kam.account.plan.competitor', 'kam.account.plan.need',
    'kam.account.plan.solution', 'kam.account.plan.action', 'kam.account.plan.stakeholder',
    'kam.announcement.read', 'kam.health.factor', 'kam.health.history',
    'kam.tariff.application.line',
    'kam.billing.line', 'kam.billing.arrears',
)


@tagged('post_install', '-at_install')
class TestChildrenFollowTheirParent(KamServiceRequestCommon):
    """Account Manager One (user_kam) neither manages nor serves B: he reads
    none of the records hanging under B's contracts, work orders, group SMS,
    plans and cases, by a search or by id, while B's manager does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.contract_b = cls.env['kam.contract'].create({
            'title': "物流专线", 'partner_id': cls.group_b.id, 'amount': 1000,
            'date_start': today - timedelta(days=10), 'date_end': today + timedelta(days=80),
            'line_ids': [Command.create({'name': "专线 100M", 'quantity': 2, 'monthly_fee': 300})]})
        cls.contract_b.action_confirm()
        cls.reminder_b = cls.env['kam.contract.reminder'].create({
            'contract_id': cls.contract_b.id, 'step': '90', 'date_due': today})
        cls.request_b = cls._create_request(
            cls.type_fault, partner=cls.group_b, lines=[{'operation': 'number', 'number': '15158112046'}])
        cls.request_b.action_submit()
        cls.sms_b = cls.env['kam.sms.send'].create({
            'name': "升级通知", 'account_ids': [Command.set(cls.group_b.ids)], 'audience': 'members',
            'body': "{name}您好，专网今晚升级。"})
        cls.sms_b._kam_prepare_recipients()
        cls.plan_b = cls.env['kam.account.plan'].create({
            'partner_id': cls.group_b.id, 'year': today.year,
            'competitor_ids': [Command.create({'competitor_id': cls.group_a.id})],
            'need_ids': [Command.create({'name': "仓储 5G 专网"})],
            'solution_ids': [Command.create({'product_id': cls.plan.id, 'quantity': 1})],
            'action_ids': [Command.create({'name': "拜访物流总监", 'user_id': cls.user_kam_other.id,
                                           'date_due': today})],
            'stakeholder_ids': [Command.create({'name': "沈总"})]})
        cls.case_b = cls.env['kam.retention.case'].create({
            'partner_id': cls.group_b.id, 'action_ids': [Command.create({'name': "关怀拜访"})]})

    def _children_of_b(self):
        plan = self.plan_b
        return {
            'kam.contract.line': self.contract_b.line_ids,
            'kam.contract.reminder': self.reminder_b,
            'kam.service.request.line': self.request_b.line_ids,
            'kam.sms.recipient': self.sms_b.recipient_ids,
            'kam.retention.action': self.case_b.action_ids,
            'kam.account.plan.competitor': plan.competitor_ids,
            'kam.account.plan.need': plan.need_ids,
            'kam.account.plan.solution': plan.solution_ids,
            'kam.account.plan.action': plan.action_ids,
            'kam.account.plan.stakeholder': plan.stakeholder_ids,
        }

    def assertUnreadable(self, records, user):
        Model = records.with_user(user)
        self.assertFalse(Model.search([('id', 'in', records.ids)]), f"{records._name} found")
        self.assertFalse(Model.search_read([('id', 'in', records.ids)], ['id']))
        with self.assertRaisesText(AccessError, f"({records._name})"):
            Model.read(['display_name'])

    def test_outsider_reads_no_child_of_a_foreign_account(self):
        for model, records in self._children_of_b().items():
            self.assertEqual(len(records), 1, model)
            # B's manager reads them, the outsider does not
            self.assertEqual(records.with_user(self.user_kam_other).search([('id', 'in', records.ids)]),
                             records, model)
            self.assertUnreadable(records, self.user_kam)
        # the outsider reads his own account's children
        own = self.env['kam.contract.reminder'].create({
            'contract_id': self.env['kam.contract'].create({
                'title': "能源专线", 'partner_id': self.group_a.id,
                'date_start': fields.Date.today(), 'date_end': fields.Date.today() + timedelta(days=90),
                'line_ids': [Command.create({'name': "专线", 'monthly_fee': 10})]}).id,
            'step': 'notice', 'date_due': fields.Date.today()})
        Reminder = self.env['kam.contract.reminder'].with_user(self.user_kam)
        self.assertEqual(Reminder.search([('id', '=', own.id)]), own)
        self.assertEqual(own.contract_id.line_ids.with_user(self.user_kam).read(['name'])[0]['name'],
                         "专线")
        # Managers read everything
        for model, records in self._children_of_b().items():
            self.assertEqual(records.with_user(self.user_kam_manager).search(
                [('id', 'in', records.ids)]), records, model)

    def test_group_sms_shows_no_member_outside_the_team(self):
        line = self.sms_b.recipient_ids
        self.assertEqual(line.name, "沈洁")
        self.env.invalidate_all()
        send = self.sms_b.with_user(self.user_kam)
        self.assertEqual(send.name, "升级通知", "the send itself is read by every user")
        self.assertEqual(send.read(['recipient_ids'])[0]['recipient_ids'], [])
        self.assertNotIn("沈洁", send.preview)
        self.assertFalse(self.env['kam.sms.recipient'].with_user(self.user_kam).search_read(
            [('number', '=', '15158112046')], ['name', 'number']))
        self.env.invalidate_all()
        self.assertEqual(self.sms_b.with_user(self.user_kam_other).recipient_ids.name, "沈洁")
        self.assertEqual(line.kam_account_id, self.group_b, "the line keeps the member's account")

    def test_work_order_lines_follow_assignee_and_portal(self):
        line = self.request_b.line_ids
        self.assertUnreadable(line, self.service_desk)
        self.request_b.user_id = self.service_desk
        self.assertEqual(line.with_user(self.service_desk).read(['number'])[0]['number'], '15158112046')
        self.assertEqual(line.with_user(self.portal_b).read(['number'])[0]['number'], '15158112046')
        self.assertUnreadable(line, self.portal_a)
        self.assertUnreadable(self.contract_b.line_ids, self.portal_a)
        self.assertEqual(self.contract_b.line_ids.with_user(self.portal_b).read(['name'])[0]['name'],
                         "专线 100M")

    def test_children_move_with_their_account(self):
        # the account changes hands: its children's rules follow at once
        self.group_b.kam_manager_id = self.user_kam
        for model, records in self._children_of_b().items():
            self.assertEqual(records.with_user(self.user_kam).search([('id', 'in', records.ids)]),
                             records, model)
            self.assertUnreadable(records, self.user_kam_other)

    def test_health_is_read_where_the_account_is(self):
        other = self.env['res.company'].create({'name': "华东通信 杭州分公司"})
        account_c = self._create_account("杭州港务集团", company_id=other.id)
        rule = self.env['kam.health.rule'].search([], limit=1)
        month = date(2020, 1, 1)
        for account in (self.group_b, account_c):
            self.env['kam.health.factor'].create({
                'partner_id': account.id, 'rule_id': rule.id, 'name': "2 张工单超时", 'points': 10})
            self.env['kam.health.history'].create({'partner_id': account.id, 'month': month,
                                                   'score': 70})
        for model in ('kam.health.factor', 'kam.health.history'):
            Model = self.env[model].with_user(self.user_kam)
            # every Key Accounts user reads the health of the accounts he reads
            self.assertEqual(Model.search([('partner_id', 'in', (self.group_b | account_c).ids)]).partner_id,
                             self.group_b, model)
            self.assertUnreadable(self.env[model].search([('partner_id', '=', account_c.id)]),
                                  self.user_kam)

    def test_receipts_follow_their_announcement(self):
        tier = self.env['kam.announcement'].create({
            'name': "A 类客户经理会议", 'audience': 'tier', 'tier_id': self.tier_a.id})
        everyone = self.env['kam.announcement'].create({'name': "系统升级", 'audience': 'managers'})
        Read = self.env['kam.announcement.read']
        own, theirs, public = Read.create([
            {'announcement_id': tier.id, 'user_id': self.user_kam.id},
            {'announcement_id': tier.id, 'user_id': self.user_kam_other.id},
            {'announcement_id': everyone.id, 'user_id': self.user_kam_other.id}])
        found = Read.with_user(self.user_kam).search([('id', 'in', (own | theirs | public).ids)])
        self.assertEqual(found, own | public)
        self.assertUnreadable(theirs, self.user_kam)

    def test_marketing_plans_are_for_key_accounts_users(self):
        campaign = self.env['kam.marketing.plan'].create({
            'name': "5G 专网季度促销", 'date_end': fields.Date.today() + timedelta(days=30)})
        self.assertEqual(campaign.with_user(self.user_kam).read(['name'])[0]['name'], "5G 专网季度促销")
        Plan = self.env['kam.marketing.plan'].with_user(self.user_internal)
        with self.assertRaisesText(AccessError, "(kam.marketing.plan)"):
            Plan.search_read([], ['name'])
        with self.assertRaisesText(AccessError, "(kam.marketing.plan)"):
            campaign.with_user(self.user_internal).read(['name'])

    def test_training_results_are_ones_own(self):
        survey = self.env['survey.survey'].create({'title': "5G 认证", 'certification': True})
        plan = self.env['kam.training.plan'].create({
            'name': "5G 认证培训", 'survey_id': survey.id,
            'date_due': fields.Date.today() + timedelta(days=30)})
        result = self.env['kam.training.result'].create({'plan_id': plan.id,
                                                         'user_id': self.user_kam_other.id})
        self.assertEqual(result.with_user(self.user_kam_other).search([('id', '=', result.id)]), result)
        self.assertUnreadable(result, self.user_kam)

    def test_child_rules_read_their_own_columns(self):
        rules = self.env['ir.rule'].search([('model_id.model', 'in', CHILD_MODELS)])
        self.assertEqual(set(rules.model_id.mapped('model')), set(CHILD_MODELS))
        for rule in rules:
            # ('field', ...) of the child itself, never ('parent_id.field', ...)
            self.assertFalse(re.findall(r"\(\s*'[\w]+\.", rule.domain_force), rule.name)
