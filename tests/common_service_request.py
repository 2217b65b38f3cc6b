from odoo.tests import new_test_user

from .common_member import KamMemberCommon


class KamServiceRequestCommon(KamMemberCommon):
    """The members' world (customers A with a subsidiary, and B) plus the
    work order types, members of A, a group administrator of A, a service
    desk employee, and a working calendar in UTC (Mon–Fri, 8:00–17:00)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.type_install = ref('key_account_management.kam_service_request_type_install')
        cls.type_change = ref('key_account_management.kam_service_request_type_change')
        cls.type_cancel_scheduled = ref('key_account_management.kam_service_request_type_cancel_scheduled')
        cls.type_cancel = ref('key_account_management.kam_service_request_type_cancel')
        cls.type_repair = ref('key_account_management.kam_service_request_type_repair')
        cls.type_fault = ref('key_account_management.kam_service_request_type_fault')
        cls.type_member = ref('key_account_management.kam_service_request_type_member')
        cls.calendar = cls.env['resource.calendar'].create({
            'name': "Service desk hours", 'tz': 'UTC', 'hours_per_day': 8.0,
            'attendance_ids': [(0, 0, {
                'name': f"Day {day} {period}", 'dayofweek': str(day), 'day_period': period,
                'hour_from': start, 'hour_to': end,
            }) for day in range(5) for period, start, end in (('morning', 8, 12),
                                                                 ('afternoon', 13, 17))],
        })
        cls.company.resource_calendar_id = cls.calendar
        cls.member_a1 = cls._create_member("陈明", "13805710001")
        cls.member_a2 = cls._create_member("刘芳", "13905712288")
        cls.member_sub = cls._create_member("郑强", "13757163301", partner=cls.sub_a)
        cls.member_b = cls._create_member("沈洁", "15158112046", partner=cls.group_b)
        cls.portal_a.partner_id.sudo().kam_portal_group_admin = True
        cls.portal_a.partner_id.sudo().lang = 'en_US'
        cls.service_desk = new_test_user(cls.env, login='kam_service_desk', name="Service Desk",
                                         groups='base.group_user')

    @classmethod
    def _create_request(cls, request_type, partner=None, lines=(), **vals):
        return cls.env['kam.service.request'].create(dict({
            'type_id': request_type.id,
            'partner_id': (partner or cls.group_a).id,
            'requester_partner_id': cls.portal_a.partner_id.id,
            'contact_phone': "13805710001",
            'line_ids': [(0, 0, line) for line in lines],
        }, **vals))
