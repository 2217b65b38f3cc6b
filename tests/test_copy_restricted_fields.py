from odoo.tests import new_test_user, tagged

from .common import KamCommon

MODULE = 'key_account_management'


@tagged('post_install', '-at_install')
class TestCopyRestrictedFields(KamCommon):
    """Fields restricted to Key Accounts users are never copied: Odoo's own
    Duplicate keeps working for every user, on key accounts too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login='kam_copy_salesman', name="Plain Salesman",
            groups='sales_team.group_sale_salesman,base.group_partner_manager')
        cls.employee = new_test_user(
            cls.env, login='kam_copy_employee', name="Plain Employee Two",
            groups='base.group_user,base.group_partner_manager')
        cls.group = cls._create_account(
            "Copy Group", kam_handset_count=600, kam_employee_count=300, kam_monthly_revenue=9000,
            kam_customer_since='2020-01-01', kam_top_taxpayer=True)
        cls.account = cls._create_account(
            "Copy Branch", parent_id=cls.group.id, kam_handset_count=40, kam_employee_count=50)
        cls.boss = cls._create_contact(cls.account, "Copy Boss", kam_buying_role='decision_maker',
                                       kam_attitude='champion', kam_influence=5,
                                       kam_last_contact_date='2026-01-05')
        cls.contact = cls._create_contact(cls.account, "Copy Buyer", kam_buying_role='influencer',
                                          kam_reports_to_id=cls.boss.id)
        cls.plain = cls.env['res.partner'].create({'name': "Plain Company", 'is_company': True})
        cls.plan = cls.env['kam.account.plan'].create({'partner_id': cls.account.id})
        cls.lead = cls.env['crm.lead'].create({
            'name': "5G for the branch", 'partner_id': cls.contact.id, 'user_id': cls.salesman.id,
            'kam_account_plan_id': cls.plan.id})

    def test_restricted_fields_are_not_copied(self):
        """Every field the addon adds to partners, leads and users with
        ``groups`` is ``copy=False``."""
        copied = []
        for model in ('res.partner', 'crm.lead', 'res.users'):
            for field in self.env[model]._fields.values():
                if MODULE in field._modules and field.groups and field.copy:
                    copied.append(f"{model}.{field.name}")
        self.assertFalse(copied, "restricted fields copied by Duplicate")

    def test_plain_users_duplicate_companies_and_contacts(self):
        for user in (self.salesman, self.employee):
            Partner = self.env['res.partner'].with_user(user)
            for partner in (self.group, self.account, self.contact, self.boss, self.plain):
                with self.subTest(user=user.login, partner=partner.name):
                    copy = Partner.browse(partner.id).copy()
                    self.assertEqual(copy.name, f"{partner.name} (copy)")
                    self.assertFalse(copy.sudo().kam_is_key_account)
                    self.assertFalse(copy.sudo().kam_handset_count)
                    self.assertFalse(copy.sudo().kam_buying_role)

    def test_plain_salesman_duplicates_a_lead(self):
        copy = self.lead.with_user(self.salesman).copy()
        self.assertEqual(copy.partner_id, self.contact)
        self.assertEqual(copy.sudo().kam_account_id, self.account)
        self.assertFalse(copy.sudo().kam_account_plan_id)

    def test_administrator_outside_the_app_duplicates_a_user(self):
        region = self.env['kam.region'].create({'name': "Copy Region"})
        self.user_kam.write({'kam_region_ids': [(4, region.id)],
                             'kam_head_region_ids': [(4, region.id)]})
        admin = new_test_user(self.env, login='kam_copy_admin', groups='base.group_system')
        copy = self.user_kam.with_user(admin).copy({'login': 'kam_copy_of_user'})
        self.assertFalse(copy.sudo().kam_region_ids)
        self.assertFalse(copy.sudo().kam_head_region_ids)
