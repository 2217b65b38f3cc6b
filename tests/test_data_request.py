import csv
import io

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_sms import KamSmsCommon


@tagged('post_install', '-at_install')
class TestDataRequest(KamSmsCommon):
    """A person's request to see or erase their data, handled by the data
    protection officer from one screen: everything about a name or a number
    found, exported to a file on the request, erased except what contracts
    and accounting keep; refused with the reason while an open work order or
    an enrolment under the group's agreement needs the person."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dpo = new_test_user(cls.env, login='kam_dpo', name="Data Protection Officer",
                                groups='key_account_management.group_kam_data_protection')
        cls.Request = cls.env['kam.data.request'].with_user(cls.dpo)
        # 陈明: a group member with a consent, a group SMS line and a work order
        cls.member_a1.with_user(cls.user_kam).action_kam_give_consent()
        send = cls._send(cls, audience='members')
        send.action_preview()
        # a draft is open too: it still needs the person's number
        cls.order = cls._create_request(cls.type_repair, description="专线中断")

    def _request(self, **vals):
        return self.Request.create(dict({
            'requester_name': "陈明", 'requester_number': "+86 138 0571 0001"}, **vals))

    def _found(self, request):
        return {line.res_model: line.count for line in request.line_ids}

    def test_find_and_export_everything(self):
        request = self._request()
        self.assertEqual(request.requester_number, '13805710001')
        self.assertTrue(request.name.startswith('DPR/'))
        request.action_find()
        self.assertEqual(request.state, 'found')
        found = self._found(request)
        for model, count in (('kam.member', 1), ('kam.sms.consent', 1),
                             ('kam.sms.recipient', 1), ('kam.service.request', 1)):
            self.assertEqual(found.get(model), count, model)
        self.assertNotIn('res.partner', found, "no contact has this name or number")
        request.action_export()
        self.assertEqual(request.state, 'done', "an access request is answered by the export")
        attachment = request.export_attachment_id
        self.assertEqual((attachment.res_model, attachment.res_id), (request._name, request.id))
        rows = list(csv.reader(io.StringIO(attachment.raw.decode('utf-8-sig'))))
        values = {cell for row in rows[1:] for cell in row}
        for expected in ("陈明", '13805710001', self.order.display_name, "专线中断",
                         "Recorded by the Account Team"):
            self.assertTrue(any(expected in value for value in values), expected)
        kinds = {row[0] for row in rows[1:]}
        self.assertEqual(len(kinds), len(found), "every kind of record found is in the file")
        self.assertIn(attachment, request.message_ids.attachment_ids)

    def test_erasure_refused_while_needed(self):
        request = self._request(kind='erasure')
        request.action_find()
        request.action_erase()
        self.assertEqual(request.state, 'refused')
        self.assertIn("is open (Draft)", request.refusal_reason)
        self.assertIn("still enrolled", request.refusal_reason)
        self.assertEqual(self.member_a1.name, "陈明", "nothing erased")
        self.assertTrue(request.message_ids.filtered(lambda m: 'Erasure refused' in (m.body or '')))
        # the work order is cancelled and the member removed: erased
        self.order.action_cancel()
        self.member_a1._kam_remove()
        request.action_reset_draft()
        request.action_find()
        request.action_erase()
        self.assertEqual(request.state, 'done')
        member = self.member_a1
        self.assertEqual(member.name, f"Erased member #{member.id}")
        self.assertFalse(member.kam_consent_ids)
        self.assertFalse(self.env['kam.sms.recipient'].search([('number', '=', '13805710001')]))
        self.assertTrue(self.order.exists(), "the work order stays")
        self.assertFalse(self.order.contact_phone)
        # searched again: nothing is left about the person
        again = self._request()
        again.action_find()
        self.assertEqual(self._found(again), {}, "nothing is left about the person")

    def test_erasure_of_a_contact(self):
        profile = self.env['kam.contact.profile'].sudo().create({
            'partner_id': self.contact_sub.id, 'interests': "钓鱼"})
        request = self._request(requester_name="赵磊", requester_number="137 5716 2003",
                                kind='erasure')
        request.action_find()
        self.assertEqual(self._found(request).get('res.partner'), 1)
        self.assertEqual(self._found(request).get('kam.contact.profile'), 1)
        request.action_erase()
        self.assertEqual(request.state, 'done')
        self.assertEqual(self.contact_sub.name, f"Erased contact #{self.contact_sub.id}")
        self.assertFalse(self.contact_sub.phone)
        self.assertFalse(profile.exists())
        # a person with a user account is refused
        portal = self._request(requester_name=self.portal_a.partner_id.name, requester_number=False,
                               kind='erasure')
        portal.action_find()
        portal.action_erase()
        self.assertEqual(portal.state, 'refused')
        self.assertIn("user account", portal.refusal_reason)

    def test_access_and_bad_input(self):
        with self.assertRaises(AccessError):
            self.env['kam.data.request'].with_user(self.user_kam).create({'requester_name': "陈明"})
        with self.assertRaises(ValidationError):
            self._request(requester_name=False, requester_number=False)
        with self.assertRaises(ValidationError):
            self._request(requester_number="0571-8888")
        manager = new_test_user(self.env, login='kam_dpr_manager',
                                groups='key_account_management.group_kam_manager')
        self.assertTrue(self.env['kam.data.request'].with_user(manager).create(
            {'requester_name': "陈明"}))


@tagged('post_install', '-at_install')
class TestDataRequestTour(HttpCase, KamSmsCommon):
    """The data protection officer's screen in the browser: a person's
    access request from the number to the export."""

    def test_data_request_tour(self):
        dpo = new_test_user(self.env, login='kam_dpo_tour', name="Data Protection Officer",
                            groups='key_account_management.group_kam_data_protection')
        self.member_a1.with_user(self.user_kam).action_kam_give_consent()
        self.start_tour('/odoo/action-key_account_management.kam_data_request_action/new',
                        'kam_data_request_tour', login=dpo.login)
        request = self.env['kam.data.request'].search([('user_id', '=', dpo.id)])
        self.assertEqual((request.requester_number, request.kind, request.state),
                         ('13805710001', 'access', 'done'))
        self.assertIn('kam.member', request.line_ids.mapped('res_model'))
        self.assertEqual(request.export_attachment_id.res_id, request.id)
