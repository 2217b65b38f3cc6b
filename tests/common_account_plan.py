from datetime import date

from odoo.fields import Command

from .common import KamCommon


class KamAccountPlanCommon(KamCommon):
    """Two key accounts: A (Account Manager One) with a company of its group
    that is not a key account itself, and B (Account Manager Two); A's
    decision map, a competitor with a valid and an expired offer on A, a
    service to propose; dates are frozen at TODAY by the tests that need it."""

    TODAY = date(2026, 11, 20)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env['kam.account.plan']
        cls.account_a = cls._create_account("华东能源集团有限公司", kam_industry_id=cls.industry_energy.id)
        cls.sub_a = cls.env['res.partner'].create({
            'name': "华东燃气有限公司", 'is_company': True, 'parent_id': cls.account_a.id})
        cls.account_b = cls._create_account("西湖物流有限公司", kam_manager_id=cls.user_kam_other.id)
        cls.gm = cls._create_contact(cls.account_a, "陈建国", function="总经理",
                                     kam_buying_role='decision_maker', kam_attitude='neutral',
                                     kam_influence=5)
        cls.it_head = cls._create_contact(cls.account_a, "刘洋", function="信息中心主任",
                                          kam_buying_role='influencer', kam_attitude='champion',
                                          kam_influence=4)
        cls.clerk = cls._create_contact(cls.account_a, "王小明", function="前台")  # no role
        cls.competitor = cls.env['res.partner'].create({'name': "华东移动通信", 'is_company': True})
        cls.competitor_old = cls.env['res.partner'].create({'name': "老牌广电网络", 'is_company': True})
        Offer = cls.env['kam.competitor.offer']
        Offer.create({'name': "5G专网低30%", 'partner_id': cls.account_a.id,
                      'competitor_id': cls.competitor.id, 'threat_level': 'high',
                      'date': date(2026, 10, 1), 'valid_until': date(2099, 12, 31)})
        Offer.create({'name': "旧报价", 'partner_id': cls.account_a.id,
                      'competitor_id': cls.competitor_old.id, 'threat_level': 'low',
                      'date': date(2020, 1, 1), 'valid_until': date(2020, 6, 30)})
        cls.product = cls.env['product.product'].create({
            'name': "集团专线 100M", 'type': 'service', 'list_price': 3000})

    @classmethod
    def _plan(cls, account=None, year=2026, user=None, **vals):
        Plan = cls.Plan.with_user(user) if user else cls.Plan
        return Plan.create(dict({
            'partner_id': (account or cls.account_a).id, 'year': year,
            'need_ids': [Command.create({'business_unit': "电力公司", 'name': "变电站5G专网",
                                         'priority': '2', 'contact_id': cls.it_head.id})],
            'solution_ids': [Command.create({'product_id': cls.product.id, 'quantity': 12,
                                             'monthly_revenue': 36000})],
            'action_ids': [Command.create({'name': "拜访信息中心主任", 'user_id': cls.user_kam.id,
                                           'date_due': date(year, 12, 15)}),
                           Command.create({'name': "方案评审", 'user_id': cls.user_kam_other.id,
                                           'date_due': date(year, 6, 30)}),
                           Command.create({'name': "已完成的调研", 'user_id': cls.user_kam.id,
                                           'date_due': date(year, 3, 31), 'status': 'done'})],
            'target_revenue': 3600000, 'target_handsets': 300, 'cost': 480000,
            'swot_strengths': "专线网络覆盖最广", 'swot_threats': "对手5G专网报价低30%",
        }, **vals))
