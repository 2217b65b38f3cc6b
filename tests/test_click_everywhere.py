import logging
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

_logger = logging.getLogger(__name__)

CLICKBOT = ("odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
            ".startClickEverywhere('%s');")


@tagged('post_install', '-at_install')
class TestClickEverywhere(HttpCase):
    """Odoo's click-everything bot over the Key Accounts and Department Work
    apps, as an account manager, a head of key accounts and a department
    owner, on a small copy of the demo story: every menu, view type and
    filter opens without a client error."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_manager = new_test_user(
            env, login='kam_click_manager', name="赵敏", tz='Asia/Shanghai',
            groups='key_account_management.group_kam_manager')
        cls.user_am = new_test_user(
            env, login='kam_click_am', name="张伟", tz='Asia/Shanghai',
            groups='key_account_management.group_kam_user')
        cls.user_am_other = new_test_user(
            env, login='kam_click_am2', name="李娜", groups='key_account_management.group_kam_user')
        cls.user_owner = new_test_user(
            env, login='kam_click_owner', name="陈刚", groups='base.group_user')
        if 'tour_enabled' in env['res.users']._fields:
            (cls.user_manager | cls.user_am | cls.user_owner).tour_enabled = False

        Partner = env['res.partner']
        energy = env.ref('key_account_management.kam_industry_energy')
        tier_a = env.ref('key_account_management.kam_tier_a')
        hq = Partner.create({
            'name': "华东能源集团有限公司", 'is_company': True, 'kam_is_key_account': True,
            'kam_manager_id': cls.user_am.id, 'kam_industry_id': energy.id,
            'kam_handset_count': 600, 'kam_monthly_revenue': 180000, 'kam_employee_count': 5200,
            'city': "杭州", 'street': "钱江路 1 号", 'kam_tier_id': tier_a.id, 'kam_tier_locked': True,
            'kam_team_member_ids': [Command.create({'user_id': cls.user_am_other.id,
                                                    'role': 'solution_engineer'})],
        })
        power, gas = Partner.create([{
            'name': name, 'is_company': True, 'kam_is_key_account': True, 'parent_id': hq.id,
            'kam_manager_id': cls.user_am.id, 'kam_industry_id': energy.id,
            'kam_handset_count': handsets, 'kam_monthly_revenue': revenue, 'city': city,
        } for name, handsets, revenue, city in (
            ("华东电力有限公司", 700, 120000, "杭州"), ("华东燃气有限公司", 350, 45000, "宁波"))])
        other = Partner.create({
            'name': "西湖物流有限公司", 'is_company': True, 'kam_is_key_account': True,
            'kam_manager_id': cls.user_am_other.id, 'kam_handset_count': 40,
            'kam_industry_id': env.ref('key_account_management.kam_industry_retail').id,
        })
        gm = Partner.create({'name': "陈建国", 'parent_id': hq.id, 'function': "总经理",
                             'kam_buying_role': 'decision_maker', 'kam_attitude': 'neutral',
                             'kam_influence': 5})
        Partner.create([
            {'name': "刘洋", 'parent_id': hq.id, 'kam_buying_role': 'influencer',
             'kam_attitude': 'champion', 'kam_influence': 4, 'kam_reports_to_id': gm.id},
            {'name': "孙丽", 'parent_id': hq.id, 'kam_buying_role': 'gatekeeper',
             'kam_attitude': 'sceptic', 'kam_influence': 3, 'kam_reports_to_id': gm.id},
            {'name': "吴芳", 'parent_id': gas.id, 'kam_buying_role': 'user',
             'kam_attitude': 'neutral', 'kam_influence': 1},
        ])

        today = fields.Date.context_today(Partner)
        Contract = env['kam.contract']
        framework = Contract.create({
            'title': "集团专线框架合同", 'partner_id': hq.id, 'is_framework': True, 'amount': 900000,
            'date_start': today - timedelta(days=200), 'date_end': today + timedelta(days=500)})
        calloffs = Contract.create([{
            'title': title, 'partner_id': partner.id, 'framework_id': framework.id, 'amount': amount,
            'date_start': today - timedelta(days=100), 'date_end': today + timedelta(days=300),
        } for title, partner, amount in (("电力专线", power, 300000), ("燃气专线", gas, 200000))])
        expiring = Contract.create({
            'title': "移动办公", 'partner_id': hq.id, 'amount': 60000,
            'date_start': today - timedelta(days=320), 'date_end': today + timedelta(days=45)})
        (framework | calloffs | expiring).action_confirm()
        Contract.create({'title': "物流专线", 'partner_id': other.id, 'amount': 10000,
                         'date_start': today, 'date_end': today + timedelta(days=365)})

        Employee = env['hr.employee']
        network = env['hr.department'].create({
            'name': "网络运维部",
            'manager_id': Employee.create({'name': "陈刚", 'user_id': cls.user_owner.id}).id})
        it = env['hr.department'].create({'name': "IT支撑中心"})
        env['kam.project'].create({
            'name': "5G专网建设", 'partner_id': hq.id, 'user_id': cls.user_am.id,
            'stage': 'in_progress', 'date_start': today - timedelta(days=60),
            'date_end': today + timedelta(days=60),
            'task_ids': [
                Command.create({'department_id': network.id, 'name': "基站扩容",
                                'date_expected': today - timedelta(days=5),
                                'status': 'blocked',
                                'delay_reason_id': env.ref(
                                    'key_account_management.kam_delay_reason_supplier').id}),
                Command.create({'department_id': it.id, 'name': "平台对接",
                                'date_expected': today - timedelta(days=10), 'status': 'done',
                                'date_done': today - timedelta(days=12)}),
            ],
        })

    def _click_app(self, menu_xmlid, login):
        _logger.info("clickbot: %s as %s", menu_xmlid, login)
        self.browser_js("/odoo", CLICKBOT % menu_xmlid, "odoo.isReady === true", login=login,
                        timeout=600, success_signal="clickbot test succeeded")

    def test_key_accounts_as_account_manager(self):
        self._click_app('key_account_management.menu_kam_root', 'kam_click_am')

    def test_key_accounts_as_head_of_key_accounts(self):
        self._click_app('key_account_management.menu_kam_root', 'kam_click_manager')

    def test_department_work_as_each_user(self):
        for login in ('kam_click_owner', 'kam_click_am', 'kam_click_manager'):
            with self.subTest(login=login):
                self._click_app('key_account_management.menu_kam_department_work_root', login)
