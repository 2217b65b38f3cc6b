from datetime import date

from odoo import fields
from odoo.tests import tagged

from .test_contract_common import KamContractCommon


@tagged('post_install', '-at_install')
class TestMoney(KamContractCommon):
    """Rollups are summed in the company's currency: a contract in US dollars
    counts at its value in yuan in a CNY company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cny, cls.usd = cls.env.ref('base.CNY'), cls.env.ref('base.USD')
        (cls.cny | cls.usd).active = True
        cls.company_cny = cls.env['res.company'].create({'name': "CNY Branch", 'currency_id': cls.cny.id})
        today = fields.Date.context_today(cls.env.user)
        cls.env['res.currency.rate'].create([
            {'currency_id': cls.usd.id, 'company_id': cls.company_cny.id, 'rate': 1 / 7.0,
             'name': date(2020, 1, 1)},
            {'currency_id': cls.usd.id, 'company_id': cls.company_cny.id, 'rate': 1 / 7.0,
             'name': today},
        ])
        cls.group = cls._create_account("Yuan Group", company_id=cls.company_cny.id,
                                        kam_handset_count=100, kam_monthly_revenue=1000)
        cls.member = cls._create_account("Yuan Member", company_id=cls.company_cny.id,
                                         parent_id=cls.group.id, kam_handset_count=50,
                                         kam_monthly_revenue=500)
        Contract = cls.env['kam.contract'].with_company(cls.company_cny)
        base = {'title': "Line", 'date_start': date(2025, 7, 1), 'date_end': date(2030, 6, 30),
                'company_id': cls.company_cny.id}
        cls.usd_contract = Contract.create(dict(base, partner_id=cls.member.id, amount=1000,
                                                currency_id=cls.usd.id))
        cls.cny_contract = Contract.create(dict(base, partner_id=cls.group.id, amount=3000,
                                                currency_id=cls.cny.id))
        cls.framework = Contract.create(dict(base, partner_id=cls.group.id, amount=100000,
                                             currency_id=cls.cny.id, is_framework=True))
        cls.calloff = Contract.create(dict(base, partner_id=cls.member.id, amount=2000,
                                           currency_id=cls.usd.id, framework_id=cls.framework.id))
        (cls.usd_contract | cls.cny_contract | cls.framework | cls.calloff).action_confirm()

    def _in_cny(self, record):
        record = record.with_company(self.company_cny)
        record.invalidate_recordset()
        return record

    def test_contract_values_in_the_company_currency(self):
        member, group = self._in_cny(self.member), self._in_cny(self.group)
        self.assertEqual(member.kam_currency_id, self.cny)
        self.assertAlmostEqual(member.kam_contract_value, 7000 + 14000, places=2,
                               msg="1,000 and 2,000 USD at 7 yuan")
        self.assertAlmostEqual(group.kam_contract_value, 3000, places=2)
        self.assertAlmostEqual(group.kam_group_contract_value, 3000 + 21000, places=2)
        framework = self._in_cny(self.framework)
        self.assertAlmostEqual(framework.consumed_amount, 14000, places=2)
        self.assertAlmostEqual(framework.remaining_amount, 86000, places=2)

    def test_group_revenue_in_the_company_currency(self):
        usd_company = self.env['res.company'].create({'name': "USD Branch", 'currency_id': self.usd.id})
        self.member.company_id = usd_company
        group = self._in_cny(self.group)
        self.assertAlmostEqual(group.kam_group_monthly_revenue, 1000 + 3500, places=2,
                               msg="the member's 500 USD count 3,500 yuan")
        self.assertEqual(group.kam_group_handset_count, 150)

    def test_rollups_are_searchable(self):
        Partner = self.env['res.partner'].with_company(self.company_cny)
        self.assertEqual(Partner.search([('kam_group_handset_count', '>=', 150),
                                         ('id', 'in', (self.group | self.member).ids)]), self.group)
        self.assertEqual(Partner.search([('kam_group_monthly_revenue', '>', 1200),
                                         ('id', 'in', (self.group | self.member).ids)]), self.group)
        self.assertEqual(Partner.search([('kam_contract_value', '>', 20000),
                                         ('id', 'in', (self.group | self.member).ids)]), self.member)
        self.assertEqual(Partner.search([('kam_group_contract_value', '>', 22000),
                                         ('id', 'in', (self.group | self.member).ids)]), self.group)
