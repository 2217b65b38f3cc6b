from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_retention import KamRetentionCommon
from .test_contract_common import KamContractCommon


@tagged('post_install', '-at_install')
class TestRetentionConstraints(KamRetentionCommon):
    """A retention case's amounts, its actions' cost and its account are
    checked on create and on write; a refused value changes nothing."""

    def test_action_cost_cannot_be_negative(self):
        case = self.Case.with_user(self.user_kam).create({'partner_id': self.group_a.id})
        with self.assertRaisesText(ValidationError,
                                   "The cost of a retention action cannot be negative."):
            case.write({'action_ids': [(0, 0, {'kind': 'offer', 'name': "Rebate", 'cost': -1})]})
        self.assertFalse(case.action_ids)
        case.write({'action_ids': [(0, 0, {'kind': 'offer', 'name': "Rebate", 'cost': 0})]})
        with self.assertRaisesText(ValidationError,
                                   "The cost of a retention action cannot be negative."):
            case.action_ids.cost = -500
        self.env.invalidate_all()
        self.assertEqual((case.action_ids.cost, case.action_cost), (0, 0))

    def test_case_amounts_cannot_be_negative(self):
        Case = self.Case.with_user(self.user_kam)
        for field in ('revenue_at_risk', 'retained_revenue'):
            with self.subTest(field=field), self.assertRaisesText(
                    ValidationError, "Revenue amounts of a case cannot be negative."):
                Case.create({'partner_id': self.group_a.id, field: -1})
        self.assertFalse(self.Case.search([('partner_id', '=', self.group_a.id)]))
        case = Case.create({'partner_id': self.group_a.id, 'revenue_at_risk': 1000})
        with self.assertRaisesText(ValidationError, "Revenue amounts of a case cannot be negative."):
            case.revenue_at_risk = -0.01
        self.env.invalidate_all()
        self.assertEqual(case.revenue_at_risk, 1000)

    def test_case_is_for_a_key_account(self):
        contact = self._create_contact(self.group_a, "采购经理")
        for partner in (self.competitor, contact):
            with self.subTest(partner=partner.name), self.assertRaisesText(
                    ValidationError, "Retention cases are for key accounts."):
                self.Case.create({'partner_id': partner.id})
        case = self.Case.create({'partner_id': self.group_b.id})
        with self.assertRaisesText(ValidationError, "Retention cases are for key accounts."):
            case.partner_id = self.competitor
        self.env.invalidate_all()
        self.assertEqual(case.partner_id, self.group_b)


@tagged('post_install', '-at_install')
class TestPartnerConstraints(KamContractCommon):
    """What a partner may be: a key account or an agent is a company, an
    account's agent is flagged as one and is not the account itself,
    influence runs from 1 to 5, and a company carrying call-offs stays in its
    group. A refused value changes nothing."""

    def test_only_companies_are_key_accounts(self):
        person = self._create_contact(self.account, "张经理")
        with self.assertRaisesText(ValidationError,
                                   "张经理 is a person: only companies can be key accounts."):
            person.kam_is_key_account = True
        with self.assertRaisesText(ValidationError, "only companies can be key accounts"):
            self.env['res.partner'].create({'name': "李个人", 'is_company': False,
                                            'kam_is_key_account': True})
        self.env.invalidate_all()
        self.assertFalse(person.kam_is_key_account)
        self.assertFalse(self.env['res.partner'].search([('name', '=', "李个人")]))

    def test_agents(self):
        agent = self.env['res.partner'].create({'name': "Agent Co", 'is_company': True,
                                                'kam_is_agent': True})
        person = self._create_contact(agent, "Agent Clerk")
        with self.assertRaisesText(ValidationError, "Only companies can be agents."):
            person.kam_is_agent = True
        with self.assertRaisesText(ValidationError, "The agent of an account must be flagged as agent."):
            self.account.kam_agent_id = self.account_other
        with self.assertRaisesText(ValidationError, "A company cannot be its own agent."):
            agent.kam_agent_id = agent
        self.env.invalidate_all()
        self.assertFalse(person.kam_is_agent)
        self.assertFalse(self.account.kam_agent_id | agent.kam_agent_id)
        self.account.kam_agent_id = agent
        self.assertEqual(self.account.kam_agent_id, agent)

    def test_influence_from_one_to_five(self):
        contact = self._create_contact(self.account, "王主任", kam_influence=3)
        for value in (6, -1):
            with self.subTest(value=value), self.assertRaisesText(
                    ValidationError, "Influence of 东方港务集团, 王主任 must be between 1 and 5."):
                contact.kam_influence = value
        self.env.invalidate_all()
        self.assertEqual(contact.kam_influence, 3)
        contact.kam_influence = 0  # not judged
        self.assertEqual(contact.kam_influence, 0)

    def test_company_with_calloffs_stays_in_its_group(self):
        framework = self._create_contract(
            title="Group framework", is_framework=True, amount=1000000,
            date_start=date(2025, 1, 1), date_end=date(2027, 12, 31))
        self._create_contract(framework_id=framework.id, partner_id=self.subsidiary.id,
                              amount=100000, date_start=date(2025, 6, 1), date_end=date(2026, 12, 31))
        with self.assertRaisesText(
                ValidationError, "东方港务码头公司 carries call-offs of a framework contract of its group"):
            self.subsidiary.parent_id = self.account_other
        self.env.invalidate_all()
        self.assertEqual(self.subsidiary.parent_id, self.account)
        # a company of the group without call-offs moves freely
        branch = self._create_account("东方港务物流", parent_id=self.account.id)
        branch.parent_id = self.account_other
        self.assertEqual(branch.kam_group_id, self.account_other)
