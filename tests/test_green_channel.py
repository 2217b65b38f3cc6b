from datetime import datetime

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, freeze_time, tagged

from .common_service_request import KamServiceRequestCommon

FAULT_LINE = [{'operation': 'number', 'number': 'X'}]


@tagged('post_install', '-at_install')
class TestGreenChannel(HttpCase, KamServiceRequestCommon):
    """Work orders of a group's key persons (decision makers and influencers
    by default, or any contact flagged) get the green-channel SLA factor and
    a badge in the backend and the portal."""

    def _submit(self, requester):
        # Monday 8:00 UTC: a fault, 2 h to accept and 8 h to resolve
        with freeze_time('2026-11-23 08:00:00'):
            request = self._create_request(self.type_fault, lines=FAULT_LINE,
                                           requester_partner_id=requester.id)
            request.action_submit()
        return request

    def test_key_persons_by_role_or_flag(self):
        boss = self._create_contact(self.group_a, "总经理", kam_buying_role='decision_maker')
        advisor = self._create_contact(self.group_a, "信息中心主任", kam_buying_role='influencer')
        clerk = self._create_contact(self.group_a, "办公室文员", kam_buying_role='user')
        self.assertTrue(boss.kam_key_person)
        self.assertTrue(advisor.kam_key_person)
        self.assertFalse(clerk.kam_key_person)
        clerk.kam_key_person = True
        self.assertTrue(clerk.kam_key_person, "any contact can be flagged")
        boss.kam_key_person = False
        self.assertFalse(boss.kam_key_person, "and unflagged")

    def test_green_channel_shortens_the_deadlines(self):
        self.assertEqual(self.company.kam_green_channel_factor, 0.5)
        ordinary = self._submit(self.portal_a.partner_id)
        self.assertFalse(ordinary.kam_green_channel)
        self.assertEqual(ordinary.deadline_accept, datetime(2026, 11, 23, 10, 0))
        self.assertEqual(ordinary.deadline_resolve, datetime(2026, 11, 23, 17, 0))
        self.portal_a.partner_id.sudo().kam_buying_role = 'decision_maker'
        green = self._submit(self.portal_a.partner_id)
        self.assertTrue(green.kam_green_channel)
        # halved: 1 h to accept, 4 h to resolve (lunch 12-13 excluded)
        self.assertEqual(green.deadline_accept, datetime(2026, 11, 23, 9, 0))
        self.assertEqual(green.deadline_resolve, datetime(2026, 11, 23, 12, 0))
        self.company.kam_green_channel_factor = 1.0
        same = self._submit(self.portal_a.partner_id)
        self.assertEqual(same.deadline_resolve, datetime(2026, 11, 23, 17, 0))

    def test_factor_must_shorten(self):
        for factor in (0, -1, 1.5):
            with self.subTest(factor=factor), \
                    self.assertRaisesText(ValidationError, "above 0 and at most 1"):
                self.company.kam_green_channel_factor = factor
        self.assertEqual(self.company.kam_green_channel_factor, 0.5)

    def test_badge_in_the_portal(self):
        ordinary = self._submit(self.portal_a.partner_id)
        self.portal_a.partner_id.sudo().kam_key_person = True
        green = self._submit(self.portal_a.partner_id)
        self.authenticate(self.portal_a.login, self.portal_a.login)
        page = self.url_open('/my/requests').text
        self.assertEqual(page.count('o_kam_green_channel'), 1)
        self.assertIn('o_kam_green_channel', self.url_open(f'/my/requests/{green.id}').text)
        self.assertNotIn('o_kam_green_channel', self.url_open(f'/my/requests/{ordinary.id}').text)
