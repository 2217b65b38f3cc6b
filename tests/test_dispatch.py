from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_service_request import KamServiceRequestCommon


@tagged('post_install', '-at_install')
class TestDispatch(KamServiceRequestCommon):
    """Dispatch rules: type × region × service category → a city branch's
    department and an assignee, round-robin or least loaded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Region = cls.env['kam.region']
        cls.province = Region.create({'name': "浙江省", 'level': 'province'})
        cls.city = Region.create({'name': "杭州市", 'level': 'city', 'parent_id': cls.province.id})
        cls.district = Region.create({'name': "滨江区", 'level': 'district',
                                      'parent_id': cls.city.id})
        cls.other_city = Region.create({'name': "宁波市", 'level': 'city',
                                        'parent_id': cls.province.id})
        cls.group_a.kam_region_id = cls.district
        cls.group_b.kam_region_id = cls.other_city
        cls.engineers = [new_test_user(cls.env, login=f'kam_branch_{n}', name=f"Engineer {n}",
                                       groups='base.group_user') for n in range(3)]
        cls.branch = cls.env['hr.department'].create({'name': "杭州分公司装维中心"})
        cls.env['hr.employee'].create([{
            'name': user.name, 'user_id': user.id, 'department_id': cls.branch.id,
        } for user in cls.engineers])
        cls.province_dept = cls.env['hr.department'].create({'name': "省公司网络部"})
        cls.rule_city = cls.env['kam.dispatch.rule'].create({
            'name': "Hangzhou installs", 'type_id': cls.type_install.id,
            'region_id': cls.city.id, 'department_id': cls.branch.id,
            'user_ids': [(6, 0, [u.id for u in cls.engineers])],
        })
        cls.rule_province = cls.env['kam.dispatch.rule'].create({
            'name': "Province installs", 'type_id': cls.type_install.id,
            'region_id': cls.province.id, 'department_id': cls.province_dept.id,
            'sequence': 20,
        })

    def _install(self, partner=None, submit=True):
        request = self._create_request(
            self.type_install, partner=partner,
            lines=[{'operation': 'install', 'product_id': self.plan.id, 'quantity': 1}],
            date_requested=fields.Date.today())
        if submit:
            request.action_submit()
        return request

    def test_round_robin_to_the_city_branch(self):
        users = [self._install().user_id for _i in range(4)]
        self.assertEqual(users, self.engineers + self.engineers[:1])
        request = self._install(submit=False)
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written at commit, after the creation's
        request.action_submit()
        self.assertEqual(request.department_id, self.branch)
        self.assertEqual(request.user_id, self.engineers[1])
        self.assertEqual(request.kam_dispatch_rule_id, self.rule_city)
        # tracked in the chatter, with the rule's name
        self.assertTrue(request.message_ids.filtered(
            lambda m: self.rule_city.name in (m.body or '')))
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.env['mail.tracking.value'].search([
            ('mail_message_id.model', '=', request._name),
            ('mail_message_id.res_id', '=', request.id)]).mapped('field_id.name')
        self.assertIn('user_id', tracked)
        self.assertIn('department_id', tracked)
        # a city other than Hangzhou falls back to the province's rule
        request_b = self._install(partner=self.group_b)
        self.assertEqual(request_b.department_id, self.province_dept)
        # a fault report matches no rule: left to its type's team
        fault = self._create_request(self.type_fault, lines=[
            {'operation': 'number', 'number': 'ZX-3'}])
        fault.action_submit()
        self.assertFalse(fault.kam_dispatch_rule_id)

    def test_least_loaded(self):
        self.rule_city.assign_method = 'least_loaded'
        busy, idle, half = self.engineers
        for user, count in ((busy, 2), (half, 1)):
            for _i in range(count):
                self._create_request(self.type_fault, lines=[
                    {'operation': 'number', 'number': 'ZX-4'}], user_id=user.id).action_submit()
        self.assertEqual(self._install().user_id, idle)
        self.assertEqual(self._install().user_id, idle)
        self.assertIn(self._install().user_id, (idle, half))

    def test_archived_target_refused(self):
        self.branch.active = False
        with self.assertRaises(ValidationError):
            self.rule_city.name = "Renamed"
        self.assertEqual(self.rule_city.name, "Hangzhou installs")
        with self.assertRaises(ValidationError):
            self.env['kam.dispatch.rule'].create({
                'name': "Into nowhere", 'department_id': self.branch.id})
        self.branch.active = True
        self.engineers[0].active = False
        with self.assertRaises(ValidationError):
            self.rule_city.write({'sequence': 5})
        # a rule whose department was archived after it was saved: dispatching
        # again is refused and nothing changes; submitting still works
        self.engineers[0].active = True
        request = self._install()
        before = (request.department_id, request.user_id)
        self.branch.active = False
        with self.assertRaises(ValidationError):
            request.with_user(self.user_kam_manager).action_dispatch()
        self.assertEqual((request.department_id, request.user_id), before)
        other = self._install()
        self.assertEqual(other.state, 'submitted')
        self.assertFalse(other.kam_dispatch_rule_id)

    def test_access(self):
        rule = self.rule_city
        with self.assertRaises(AccessError):
            rule.with_user(self.user_kam).write({'name': "Mine"})
        self.assertEqual(rule.with_user(self.user_kam).name, "Hangzhou installs")
        request = self._install()
        # another account manager neither reads nor dispatches it
        with self.assertRaises(AccessError):
            request.with_user(self.user_kam_other).action_dispatch()
        # the assignee reads it; the portal user of the other customer does not
        request.with_user(request.user_id).check_access('read')
        with self.assertRaises(AccessError):
            request.with_user(self.portal_b).check_access('read')
        self.assertEqual(request.with_user(self.portal_a).department_id, self.branch)

    def test_board_query_count(self):
        for _i in range(6):
            self._install()
        Request = self.env['kam.service.request'].with_user(self.user_kam_manager)
        domain = [('state', 'in', ('submitted', 'accepted', 'in_progress'))]
        Request.web_read_group(domain, ['department_id'], ['__count'])
        spec = {'name': {}, 'type_id': {'fields': {'display_name': {}}},
                'partner_id': {'fields': {'display_name': {}}}, 'kam_sla_risk': {},
                'deadline_resolve': {}, 'state': {}, 'user_id': {'fields': {'display_name': {}}},
                'kam_dispatch_rule_id': {'fields': {'display_name': {}}}, 'sla_status': {}}
        Request.web_search_read(domain, spec)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=10):
            Request.web_read_group(domain, ['department_id'], ['__count'])
            Request.read_progress_bar(domain, 'department_id', {'field': 'sla_status', 'colors': {
                'on_time': 'success', 'breached': 'danger', 'none': '200'}})
            Request.web_search_read(domain, spec)
        self.assertEqual(
            Request.search_count(domain + [('department_id', '=', self.branch.id)]), 6)


@tagged('post_install', '-at_install')
class TestDispatchTour(HttpCase, KamServiceRequestCommon):
    """The main flow in a browser: a member change submitted from the
    portal, approved by the department head through its tier review, then
    dispatched by a rule to the city branch."""

    def test_tour_approve_and_dispatch(self):
        branch = self.env['hr.department'].create({'name': "杭州分公司装维中心"})
        engineer = new_test_user(self.env, login='kam_branch_tour', name="Engineer Zhou",
                                 groups='base.group_user')
        request = self._create_request(self.type_member, lines=[
            {'operation': 'member_add', 'member_name': "高晓燕", 'mobile': '136 0671 2345'}])
        request.with_user(self.portal_a).sudo().action_submit()
        self.assertTrue(request.review_ids)
        # a rule made after the submission: the department head dispatches again
        self.env['kam.dispatch.rule'].create({
            'name': "Member changes to the branch", 'type_id': self.type_member.id,
            'department_id': branch.id, 'user_ids': [(6, 0, engineer.ids)], 'sequence': 99})
        self.start_tour(
            f'/odoo/action-key_account_management.kam_service_request_action/{request.id}',
            'kam_service_request_tier_dispatch_tour', login=self.user_kam_manager.login)
        self.assertEqual(request.state, 'accepted')
        self.assertEqual(request.review_ids.done_by, self.user_kam_manager)
        self.assertEqual((request.department_id, request.user_id), (branch, engineer))
