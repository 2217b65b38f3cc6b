from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import new_test_user

from .common import KamCommon


class KamProjectCommon(KamCommon):
    """Two customers with one delivery project each; departments whose
    managers own the work without holding a Key Accounts group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.user_network = new_test_user(
            cls.env, login='kam_dept_network', name="Network Operations Head", groups='base.group_user')
        cls.user_it = new_test_user(
            cls.env, login='kam_dept_it', name="IT Support Head", groups='base.group_user')
        Employee = cls.env['hr.employee']
        Department = cls.env['hr.department']
        cls.dept_network = Department.create({
            'name': "Network Operations",
            'manager_id': Employee.create({'name': "Network Head", 'user_id': cls.user_network.id}).id,
        })
        cls.dept_it = Department.create({
            'name': "IT Support",
            'manager_id': Employee.create({'name': "IT Head", 'user_id': cls.user_it.id}).id,
        })
        cls.dept_customer = Department.create({'name': "Enterprise Customers"})
        cls.reason_supplier = cls.env.ref('key_account_management.kam_delay_reason_supplier')

        cls.account_a = cls._create_account("Customer A Group", kam_manager_id=cls.user_kam.id)
        cls.account_b = cls._create_account("Customer B Ltd", kam_manager_id=cls.user_kam_other.id)
        cls.project_a = cls._create_project(cls.account_a, "5G Private Network", [
            (cls.dept_network, 10), (cls.dept_it, 20)])
        cls.project_b = cls._create_project(cls.account_b, "SD-WAN Rollout", [
            (cls.dept_customer, 5)], user_id=cls.user_kam_other.id)
        cls.line_network, cls.line_it = cls.project_a.task_ids

    @classmethod
    def _create_project(cls, account, name, lines=(), **vals):
        """``lines``: (department, days from today until expected)."""
        return cls.env['kam.project'].create(dict({
            'name': name,
            'partner_id': account.id,
            'user_id': cls.user_kam.id,
            'stage': 'in_progress',
            'date_start': cls.today - timedelta(days=30),
            'date_end': cls.today + timedelta(days=60),
            'task_ids': [Command.create({
                'department_id': department.id,
                'name': f"{department.name} work",
                'date_expected': cls.today + timedelta(days=days),
            }) for department, days in lines],
        }, **vals))
