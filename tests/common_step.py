from odoo.tests import new_test_user

from .common_service_request import KamServiceRequestCommon


class KamStepCommon(KamServiceRequestCommon):
    """The work orders' world plus two departments with their heads and a
    new-install template of four steps: survey (network, 2 days) → design
    (IT, 3 days) → construction (network, 5 days), and a test (IT, 1 day)
    after the survey, in parallel with the design."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head_net = new_test_user(cls.env, login='kam_head_net', name="Network Head",
                                     groups='base.group_user')
        cls.head_it = new_test_user(cls.env, login='kam_head_it', name="IT Head",
                                    groups='base.group_user')
        Employee = cls.env['hr.employee']
        Department = cls.env['hr.department']
        cls.dept_net = Department.create({
            'name': "Network Operations",
            'manager_id': Employee.create({'name': "Network Head", 'user_id': cls.head_net.id}).id})
        cls.dept_it = Department.create({
            'name': "IT Support",
            'manager_id': Employee.create({'name': "IT Head", 'user_id': cls.head_it.id}).id})
        Template = cls.env['kam.step.template']
        cls.tpl_survey = Template.create({
            'type_id': cls.type_install.id, 'sequence': 10, 'name': "Site Survey",
            'department_id': cls.dept_net.id, 'sla_value': 2, 'sla_unit': 'days'})
        cls.tpl_design = Template.create({
            'type_id': cls.type_install.id, 'sequence': 20, 'name': "Design",
            'department_id': cls.dept_it.id, 'sla_value': 3, 'sla_unit': 'days',
            'predecessor_ids': [(6, 0, cls.tpl_survey.ids)]})
        cls.tpl_build = Template.create({
            'type_id': cls.type_install.id, 'sequence': 30, 'name': "Construction",
            'department_id': cls.dept_net.id, 'sla_value': 5, 'sla_unit': 'days',
            'predecessor_ids': [(6, 0, cls.tpl_design.ids)]})
        cls.tpl_test = Template.create({
            'type_id': cls.type_install.id, 'sequence': 40, 'name': "Line Test",
            'department_id': cls.dept_it.id, 'sla_value': 1, 'sla_unit': 'days',
            'predecessor_ids': [(6, 0, cls.tpl_survey.ids)]})
        cls.reason = cls.env.ref('key_account_management.kam_delay_reason_customer')

    @classmethod
    def _install_order(cls, partner=None, submit=True):
        order = cls._create_request(
            cls.type_install, partner=partner, date_requested='2026-12-31',
            lines=[{'operation': 'install', 'product_id': cls.plan.id, 'quantity': 1}])
        if submit:
            order.action_submit()
        return order

    @staticmethod
    def _step(order, template):
        return order.step_ids.filtered(lambda s: s.template_id == template)
