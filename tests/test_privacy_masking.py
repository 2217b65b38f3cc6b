from odoo.exceptions import AccessError, UserError

from ..models.kam_phone import mask_phone
from .common_privacy import (
    CONTACT_A,
    FULL_A,
    FULL_SUB,
    MASKED_A,
    MASKED_CONTACT_A,
    MASKED_SUB,
    KamPrivacyCommon,
)


class TestPrivacyMasking(KamPrivacyCommon):
    """Members' and contacts' numbers read in full by the account's manager
    and team, masked for everyone else who reads the record, path by path."""

    def _paths(self, member, user):
        """The member's mobile as ``user`` gets it on every ORM path."""
        Member = self.env['kam.member'].with_user(user)
        record = member.with_user(user)
        domain = [('id', '=', member.id)]
        return {
            'field': record.mobile,
            'mapped': record.mapped('mobile')[0],
            'read': record.read(['mobile'])[0]['mobile'],
            'search_read': Member.search_read(domain, ['mobile'])[0]['mobile'],
            'web_search_read': Member.web_search_read(
                domain, {'mobile': {}})['records'][0]['mobile'],
            'web_read': record.web_read({'mobile': {}})[0]['mobile'],
            'export': record.export_data(['name', 'mobile'])['datas'][0][1],
            'display_name': record.display_name,
        }

    def test_mask_format(self):
        self.assertEqual(mask_phone('13812345678'), '138****5678')
        self.assertEqual(mask_phone('+86 571-8888 6666'), '865****6666')
        self.assertEqual(mask_phone('12345'), '****45')
        self.assertEqual(mask_phone('138****5678'), '138****5678', "masking twice changes nothing")
        self.assertFalse(mask_phone(False))

    def test_insiders_read_in_full_on_every_path(self):
        for user in self.insiders:
            with self.subTest(user=user.login):
                paths = self._paths(self.member_a, user)
                self.assertEqual(paths.pop('display_name'), f"陈明 ({FULL_A})")
                self.assertEqual(set(paths.values()), {FULL_A}, paths)
                self.assertFalse(self.member_a.with_user(user).kam_phone_masked)

    def test_outside_readers_get_it_masked_on_every_path(self):
        for user in self.readers_outside:
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                paths = self._paths(self.member_a, user)
                self.assertEqual(paths.pop('display_name'), f"陈明 ({MASKED_A})")
                self.assertEqual(set(paths.values()), {MASKED_A}, paths)
                self.assertTrue(self.member_a.with_user(user).kam_phone_masked)
        # the number itself is untouched
        self.assertEqual(self.member_a.mobile, FULL_A)
        self.env.cr.execute("SELECT mobile FROM kam_member WHERE id = %s", [self.member_a.id])
        self.assertEqual(self.env.cr.fetchone()[0], FULL_A)

    def test_same_transaction_two_users(self):
        """The superuser's full value in the cache never reaches a user, nor
        the other way round."""
        self.assertEqual(self.member_a.display_name, f"陈明 ({FULL_A})")
        self.assertEqual(self.member_a.with_user(self.user_kam_manager).display_name,
                         f"陈明 ({MASKED_A})")
        self.assertEqual(self.member_a.with_user(self.user_kam).display_name, f"陈明 ({FULL_A})")
        self.assertEqual(self.member_a.with_user(self.user_kam_manager).sudo().mobile, FULL_A)

    def test_users_outside_read_no_member(self):
        for user in (self.user_kam_other, self.head_other, self.user_internal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.member_a.with_user(user).read(['mobile'])

    def test_new_team_member_sees_at_once_and_leaving_masks_again(self):
        newcomer = self.user_kam_manager
        self.assertEqual(self.member_a.with_user(newcomer).mobile, MASKED_A)
        line = self.env['kam.team.member'].create({'partner_id': self.group_a.id,
                                                   'user_id': newcomer.id})
        self.env.invalidate_all()
        self.assertEqual(self.member_a.with_user(newcomer).mobile, FULL_A)
        line.unlink()
        self.env.invalidate_all()
        self.assertEqual(self.member_a.with_user(newcomer).mobile, MASKED_A)

    def test_outsider_writes_other_fields_number_kept(self):
        self.member_a.with_user(self.user_kam_manager).write({'department': "财务部"})
        self.assertEqual(self.member_a.mobile, FULL_A)
        self.member_a.with_user(self.user_kam_manager).action_suspend()
        self.member_a.with_user(self.user_kam_manager).action_reactivate()
        self.assertEqual(self.member_a.mobile, FULL_A)

    def test_chatter_keeps_numbers_masked(self):
        self.env.cr.precommit.run()  # what the members' creation left pending
        self.member_a.with_user(self.user_kam).mobile = '13812340000'
        self.env.cr.precommit.run()  # the tracking is written at commit
        self.env.invalidate_all()
        values = self.env['mail.tracking.value'].search([
            ('mail_message_id.model', '=', 'kam.member'),
            ('mail_message_id.res_id', '=', self.member_a.id),
            ('field_id.name', '=', 'mobile')])
        self.assertEqual((values.old_value_char, values.new_value_char),
                         (MASKED_A, '138****0000'))

    def test_portal_group_admin_full_other_portal_users_masked(self):
        self.assertEqual(self.member_a.with_user(self.portal_a).mobile, FULL_A)
        self.assertEqual(self.member_sub.with_user(self.portal_a).mobile, FULL_SUB)
        self.assertEqual(self.member_a.with_user(self.portal_sub_a).mobile, MASKED_A)
        self.assertEqual(self.member_sub.with_user(self.portal_sub_a).read(['mobile'])[0]['mobile'],
                         MASKED_SUB)
        # an administrator of a subsidiary: its members only
        self.portal_sub_a.partner_id.kam_portal_group_admin = True
        self.env.invalidate_all()
        self.assertEqual(self.member_sub.with_user(self.portal_sub_a).mobile, FULL_SUB)
        self.assertEqual(self.member_a.with_user(self.portal_sub_a).mobile, MASKED_A)
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.portal_b).read(['mobile'])

    def test_contacts_masked_for_users_outside_the_account(self):
        for user in (self.user_kam_other, self.user_kam_manager, self.head_other,
                     self.user_internal):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                contact = self.contact_a.with_user(user)
                self.assertEqual(contact.name, "王建国", "partners stay visible")
                self.assertEqual(contact.phone, MASKED_CONTACT_A)
                self.assertEqual(contact.read(['phone'])[0]['phone'], MASKED_CONTACT_A)
                if user.has_group('base.group_allow_export'):
                    self.assertEqual(contact.export_data(['phone'])['datas'][0][0],
                                     MASKED_CONTACT_A)
                self.assertNotIn('00001111', contact.phone_sanitized or '')
        for user in (*self.insiders, self.portal_a):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                self.assertEqual(self.contact_a.with_user(user).phone, CONTACT_A)

    def test_partners_outside_key_accounts_untouched(self):
        company = self.env['res.partner'].create({'name': "Plain Co", 'is_company': True,
                                                  'phone': '13800002222'})
        person = self.env['res.partner'].create({'name': "Plain Person", 'parent_id': company.id,
                                                 'phone': '13800003333'})
        self.assertEqual(person.with_user(self.user_internal).phone, '13800003333')
        # a key account's own switchboard is no personal number
        self.group_a.phone = '0571-88886666'
        self.assertEqual(self.group_a.with_user(self.user_internal).phone, '0571-88886666')
        # a portal user reads his own number
        self.portal_sub_a.partner_id.phone = '13800004444'
        self.assertEqual(self.portal_sub_a.partner_id.with_user(self.portal_sub_a).phone,
                         '13800004444')

    def test_sms_recipient_lines_masked_outside(self):
        send = self.env['kam.sms.send'].with_user(self.user_kam).create({
            'name': "Notice", 'audience': 'members', 'body': "{name}",
            'account_ids': [(6, 0, self.group_a.ids)]})
        send.action_preview()
        line = send.recipient_ids.filtered(lambda r: r.member_id == self.member_a)
        self.assertEqual(line.with_user(self.user_kam).number, FULL_A)
        self.assertEqual(line.with_user(self.user_kam_manager).number, MASKED_A)
        self.assertEqual(line.with_user(self.user_kam_manager).read(['number'])[0]['number'],
                         MASKED_A)
        self.assertEqual(line.sudo().number, FULL_A, "the job sends to the full number")

    def test_reveal(self):
        result = self.member_a.with_user(self.user_kam_manager).action_kam_reveal_phone()
        self.assertEqual(result['params']['message'], FULL_A)
        result = self.contact_a.with_user(self.user_kam_manager).action_kam_reveal_phone()
        self.assertEqual(result['params']['message'], CONTACT_A)
        for user, record in ((self.head_a, self.member_a), (self.user_internal, self.contact_a),
                             (self.user_kam_other, self.contact_a)):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                record.with_user(user).action_kam_reveal_phone()
        with self.assertRaises(AccessError):
            self.member_a.with_user(self.user_kam_other).action_kam_reveal_phone()

    def test_masked_list_of_80_costs_what_a_list_of_1_does(self):
        Member = self.env['kam.member']
        spec = {'name': {}, 'mobile': {}, 'partner_id': {'fields': {'display_name': {}}},
                'department': {}, 'state': {}, 'display_name': {}}
        domain = [('partner_id', '=', self.sub_a.id)]

        def list_read(limit=80):
            self.env.invalidate_all()
            result = Member.with_user(self.user_kam_manager).web_search_read(
                domain, spec, limit=limit)
            self.assertTrue(all('*' in row['mobile'] for row in result['records']))
            self.assertEqual(len(result['records']), limit)
            return result

        # a full page each time (Odoo then counts the whole list too)
        list_read(limit=1)
        few = self._count_queries(lambda: list_read(limit=1))
        Member.create([{'name': f"成员{i}", 'mobile': f"1390000{i:04d}",
                        'partner_id': self.sub_a.id, 'product_id': self.plan.id}
                       for i in range(79)])
        list_read()
        many = self._count_queries(list_read)
        self.assertEqual(many, few, "a masked list of 80 costs what a list of 1 does")
        with self.assertQueryCount(few):
            list_read()

    def test_printed_reports_show_what_the_reader_may_see(self):
        """Reports render the record's fields as the user reads them."""
        view = self.env['ir.ui.view'].create({
            'name': "kam privacy report test", 'type': 'qweb',
            'arch': '<t t-name="kam_privacy_report_test"><span t-field="doc.mobile"/>'
                    '<span t-field="contact.phone"/></t>'})
        for user, expected in ((self.user_kam_manager, (MASKED_A, MASKED_CONTACT_A)),
                               (self.user_kam, (FULL_A, CONTACT_A))):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                html = str(self.env['ir.qweb'].with_user(user)._render(view.id, {
                    'doc': self.member_a.with_user(user),
                    'contact': self.contact_a.with_user(user)}))
                for number in expected:
                    self.assertIn(number, html)
        self.assertNotIn(FULL_A, str(self.env['ir.qweb'].with_user(self.head_a)._render(
            view.id, {'doc': self.member_a.with_user(self.head_a),
                      'contact': self.contact_a.with_user(self.head_a)})))
