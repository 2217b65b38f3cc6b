from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KamCommon


@tagged('post_install', '-at_install')
class TestGroupHierarchy(KamCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # HQ → (power company → grid branch), (gas company)
        cls.hq = cls._create_account(
            "East Energy Group", kam_handset_count=300, kam_monthly_revenue=50000,
            kam_employee_count=1000, street="1 Group Road", city="Hangzhou")
        cls.power = cls._create_account(
            "East Power Co.", parent_id=cls.hq.id, kam_handset_count=900,
            kam_monthly_revenue=80000, kam_employee_count=2500, street="9 Power St")
        cls.grid = cls._create_account(
            "East Grid Branch", parent_id=cls.power.id, kam_handset_count=600,
            kam_monthly_revenue=20000, kam_employee_count=700)
        cls.gas = cls._create_account(
            "East Gas Co.", parent_id=cls.hq.id, kam_handset_count=0,
            kam_monthly_revenue=10000, kam_employee_count=300)

    def test_group_and_depth(self):
        for company, depth in ((self.hq, 0), (self.power, 1), (self.grid, 2), (self.gas, 1)):
            with self.subTest(company=company.name):
                self.assertEqual(company.kam_group_id, self.hq)
                self.assertEqual(company.kam_group_depth, depth)
        contact = self._create_contact(self.grid, "Grid Engineer")
        self.assertEqual(contact.kam_group_id, self.hq, "contacts belong to their company's group")

    def test_rollups_over_three_levels(self):
        self.assertEqual(self.hq.kam_group_handset_count, 300 + 900 + 600 + 0)
        self.assertEqual(self.hq.kam_group_monthly_revenue, 160000)
        self.assertEqual(self.hq.kam_group_employee_count, 4500)
        self.assertEqual(self.hq.kam_subsidiary_count, 3)
        self.assertEqual(self.power.kam_group_handset_count, 1500)
        self.assertEqual(self.power.kam_subsidiary_count, 1)
        self.assertEqual(self.grid.kam_group_handset_count, 600)
        self.assertEqual(self.grid.kam_subsidiary_count, 0)

    def test_moving_a_subtree_moves_its_group(self):
        other = self._create_account("Other Group")
        self.power.parent_id = other
        self.assertEqual(self.grid.kam_group_id, other)
        self.assertEqual(self.grid.kam_group_depth, 2)
        self.hq.invalidate_recordset()
        self.assertEqual(self.hq.kam_group_handset_count, 300)
        self.power.parent_id = False
        self.assertEqual(self.grid.kam_group_id, self.power)
        self.assertEqual(self.grid.kam_group_depth, 1)

    def test_subsidiary_keeps_its_own_address(self):
        self.assertEqual(self.power.street, "9 Power St")
        self.power.street = "10 Power St"
        self.assertEqual(self.hq.street, "1 Group Road", "a subsidiary never rewrites its HQ's address")
        self.hq.street = "2 Group Road"
        self.assertEqual(self.power.street, "10 Power St")
        contact = self._create_contact(self.hq, "HQ Clerk")
        self.hq.street = "3 Group Road"
        self.assertEqual(contact.street, "3 Group Road", "people of the HQ still follow its address")

    def test_subsidiaries_chart_shows_the_group_only(self):
        """The Subsidiaries button's chart reads what the web client asks:
        the action's domain under "roots only" first, then the domain alone
        (a subsidiary's subtree has no root), and no action context."""
        Partner = self.env['res.partner']
        self._create_contact(self.hq, "陈建国")
        self._create_contact(self.power, "李工")
        self._create_account("Other Group")
        Partner.create({'name': "Someone", 'is_company': False})

        def chart(account):
            action = account.with_user(self.user_kam).action_kam_view_subsidiaries()
            self.assertNotIn('hierarchy_res_id', action['context'],
                             "with it the web client drops the domain and charts the whole database")
            self.assertEqual(Partner.search(action['domain']), account | account.kam_subsidiary_ids
                             | account.kam_subsidiary_ids.kam_subsidiary_ids)
            Reader = Partner.with_user(self.user_kam).with_context(lang='en_US')
            rows = Reader.hierarchy_read([('parent_id', '=', False)] + action['domain'], {'name': {}},
                                         'parent_id', 'kam_subsidiary_ids')
            rows = rows or Reader.hierarchy_read(action['domain'], {'name': {}}, 'parent_id', 'kam_subsidiary_ids')
            return {row['name'] for row in rows}

        self.assertEqual(chart(self.hq), {"East Energy Group", "East Power Co.", "East Gas Co."},
                         "the group's head and its subsidiaries, no contact person, no other partner")
        self.assertEqual(chart(self.power), {"East Power Co.", "East Grid Branch"})

    def test_cycle_refused(self):
        with self.assertRaises(ValidationError):
            self.hq.parent_id = self.grid
        self.env.invalidate_all()
        self.assertFalse(self.hq.parent_id)
        self.assertEqual(self.grid.kam_group_id, self.hq)

    def test_rollups_query_count_constant(self):
        """The rollups of 1 or of all the group's accounts cost the same."""
        companies = self.hq | self.power | self.grid | self.gas

        def rollups(records):
            self.env.invalidate_all()
            return self._count_queries(lambda: records.mapped('kam_group_handset_count'))

        rollups(companies)  # warm the caches that do not depend on the records
        self.assertEqual(rollups(self.grid), rollups(companies))
