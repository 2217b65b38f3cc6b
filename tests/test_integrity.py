from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user

from ..models.kam_input import MAX_NUMBER
from ..models.kam_phone import normalize_cn_mobile
from .common_sms import KamSmsCommon


class KamIntegrityCommon(KamSmsCommon):
    """The work-order and SMS world, with contracts of group A."""

    @classmethod
    def _contract(cls, **vals):
        today = fields.Date.context_today(cls.env.user)
        return cls.env['kam.contract'].create(dict({
            'title': "Private 5G", 'partner_id': cls.group_a.id,
            'date_start': today - timedelta(days=30), 'date_end': today + timedelta(days=400),
            'amount': 100000,
        }, **vals))


class TestIntegrityInput(KamIntegrityCommon):
    """Values people and integrators type are refused with a clear message
    naming the field, and nothing is written."""

    def test_letters_in_a_mobile_number_are_refused(self):
        # phonenumbers reads letters as keypad digits: 13800abc000 became 13800222000
        for typed in ("13800abc000", "138-0057-ABCD", "１３８００５７一二三四"):
            with self.subTest(typed=typed), self.assertRaisesText(ValidationError, "digits"):
                normalize_cn_mobile(self.env, typed)
        with self.assertRaisesText(ValidationError, "13800abc000"):
            self._create_member("王强", "13800abc000")
        self.assertFalse(self.env['kam.member'].search([('mobile', '=', "13800222000")]))
        with self.assertRaisesText(ValidationError, "13800abc000"):
            self.member_a1.mobile = "13800abc000"
        self.assertEqual(self.member_a1.mobile, "13805710001")

    def test_texts_have_a_length_limit(self):
        with self.assertRaisesText(ValidationError, "20000 characters is too long; 100 at most"):
            self._create_member("张" * 20000, "13905719999")
        with self.assertRaisesText(ValidationError, "Title"):
            self._contract(title="x" * 100000)
        with self.assertRaisesText(ValidationError, "100000 characters"):
            self.group_a.kam_external_ref = "R" * 100000
        # what people really type goes through
        member = self._create_member("欧阳" * 20, "13905719999", department="信" * 100)
        self.assertEqual(len(member.name), 40)

    def test_portal_description_has_a_length_limit(self):
        Request = self.env['kam.service.request'].with_user(self.portal_a)
        with self.assertRaisesText(ValidationError, "1000000 characters is too long; 10000 at most"):
            Request._kam_portal_create({
                'type_id': str(self.type_fault.id), 'contact_phone': "13805710001",
                'description': "故障" * 500000,
                'lines': [{'operation': 'number', 'number': "13805710001"}]})
        self.assertFalse(self.env['kam.service.request'].search([('partner_id', '=', self.group_a.id)]))

    def test_amounts_within_a_sane_maximum(self):
        with self.assertRaisesText(ValidationError, "Contract Value"):
            self._contract(amount=1e20)
        with self.assertRaises(ValidationError):
            self._contract(amount=float('nan'))
        contract = self._contract(amount=MAX_NUMBER)
        with self.assertRaisesText(ValidationError, "Monthly Fee"):
            contract.write({'line_ids': [(0, 0, {'name': "APN", 'monthly_fee': 1e15})]})
        self.assertFalse(contract.line_ids)
        with self.assertRaisesText(ValidationError, "Handsets"):
            self.group_a.kam_handset_count = 10 ** 12

    def test_emails_must_be_addresses(self):
        with self.assertRaisesText(ValidationError, "not-an-email"):
            self._create_member("李雷", "13905719998", email="not-an-email")
        with self.assertRaisesText(ValidationError, "is not an e-mail address"):
            self.member_a1.email = "li@@example"
        self.member_a1.email = "chen.ming@example.com"
        self.assertEqual(self.member_a1.email, "chen.ming@example.com")

    def test_a_leave_date_before_joining_gives_its_reason(self):
        # not "status changes only through buttons": the dates are wrong
        with self.assertRaisesText(ValidationError, "before joining on 2026-03-01"):
            self.env['kam.member'].with_user(self.user_kam).create({
                'name': "韩梅", 'mobile': "13905719997", 'partner_id': self.group_a.id,
                'date_join': date(2026, 3, 1), 'date_leave': date(2026, 2, 1)})
        member = self._create_member("韩梅", "13905719997", date_join=date(2025, 1, 1))
        member._kam_remove(date(2025, 6, 30))
        with self.assertRaisesText(ValidationError, "cannot leave on 2025-06-30, before joining"):
            member.with_user(self.user_kam).write({'date_join': date(2025, 9, 1)})
        # the status itself still moves only through the buttons
        with self.assertRaisesText(UserError, "buttons"):
            member.with_user(self.user_kam).write({'date_leave': date(2025, 7, 1)})


class TestIntegrityRules(KamIntegrityCommon):

    def test_portal_users_are_no_managers_nor_team(self):
        with self.assertRaisesText(ValidationError, "is a portal user: only employees can be"):
            self.group_b.kam_manager_id = self.portal_b
        self.assertEqual(self.group_b.kam_manager_id, self.user_kam_other)
        with self.assertRaisesText(ValidationError, "is a portal user"):
            self.env['kam.team.member'].create({
                'partner_id': self.group_a.id, 'user_id': self.portal_a.id})
        with self.assertRaisesText(ValidationError, "is a portal user"):
            self._contract(user_id=self.portal_a.id)
        team = self.env['kam.team.member'].create({
            'partner_id': self.group_a.id, 'user_id': self.user_kam_other.id})
        self.assertEqual(team.user_id, self.user_kam_other)

    def test_group_sms_goes_to_key_account_companies(self):
        person = self._create_contact(self.group_a, "王建华")
        with self.assertRaisesText(ValidationError, "王建华 is not one"):
            self._send(accounts=self.group_a | person)
        send = self._send()
        with self.assertRaisesText(ValidationError, "is not one"):
            send.account_ids = [(4, person.id)]

    def test_kannel_settings_stay_usable_once_in_use(self):
        self.assertEqual(self.company.kam_sms_provider, 'kannel')
        for url in ("ftp://x", "javascript:alert(1)", "http://", "smsbox.example.com"):
            with self.subTest(url=url), self.assertRaisesText(ValidationError, "http:// or https://"):
                self.company.kam_kannel_url = url
        for field in ('kam_kannel_username', 'kam_kannel_password', 'kam_kannel_dlr_secret'):
            with self.subTest(field=field), self.assertRaises(ValidationError):
                self.company[field] = False
        with self.assertRaisesText(ValidationError, "address of Odoo for Kannel"):
            self.company.kam_kannel_callback_url = "javascript:alert(1)"
        self.company.kam_kannel_url = "https://smsbox.example.com/cgi-bin/sendsms"
        # a company on Odoo IAP may keep a draft URL
        other = self.env['res.company'].create({'name': "西部通信"})
        other.kam_kannel_url = "ftp://x"
        self.assertEqual(other.kam_sms_provider, 'iap')


class TestContractIntegrity(KamIntegrityCommon):

    def test_what_a_contract_is_fixed_after_draft(self):
        contract = self._contract()
        # a draft still changes
        contract.with_user(self.user_kam).write({'partner_id': self.sub_a.id, 'name': "HT-X"})
        contract.action_confirm()
        other_currency = self.env.ref('base.EUR')
        other_currency.active = True
        framework = self._contract(is_framework=True, date_end=contract.date_end + timedelta(days=1))
        company = self.env['res.company'].create({'name': "华南通信"})
        for vals, label in (({'partner_id': self.group_a.id}, "Account"),
                            ({'name': "HT-Y"}, "Number"),
                            ({'currency_id': other_currency.id}, "Currency"),
                            ({'company_id': company.id}, "Company"),
                            ({'framework_id': framework.id}, "Framework Contract")):
            with self.subTest(field=label), \
                    self.assertRaisesText(UserError, f"no longer a draft: its {label} cannot change"):
                contract.with_user(self.user_kam).write(vals)
        self.assertEqual((contract.partner_id, contract.name), (self.sub_a, "HT-X"))
        # the same values, and the other fields, are fine
        contract.with_user(self.user_kam).write({
            'partner_id': self.sub_a.id, 'name': "HT-X", 'title': "Private 5G (phase 2)"})
        self.assertEqual(contract.title, "Private 5G (phase 2)")

    def test_framework_of_another_manager_gets_one_neutral_answer(self):
        today = fields.Date.context_today(self.env.user)
        # B's framework: account manager One cannot open it
        framework_b = self._contract(partner_id=self.group_b.id, is_framework=True)
        not_framework_b = self._contract(partner_id=self.group_b.id)
        Contract = self.env['kam.contract'].with_user(self.user_kam)
        self.assertFalse(Contract.search([('id', '=', framework_b.id)]))
        messages = set()
        for framework, vals in (
                (framework_b, {}),                                       # another group
                (framework_b, {'date_end': today + timedelta(days=900)}),  # outside its dates
                (not_framework_b, {}),                                   # not a framework
                (self.env['kam.contract'].browse(999999), {})):          # does not exist
            with self.assertRaises(ValidationError) as caught:
                Contract.create(dict({
                    'title': "Call-off", 'partner_id': self.group_a.id,
                    'date_start': today, 'date_end': today + timedelta(days=30),
                    'framework_id': framework.id}, **vals))
            messages.add(str(caught.exception))
        self.assertEqual(len(messages), 1, messages)
        self.assertIn("you can open", messages.pop())
        # linking an existing call-off: the same answer
        calloff = self._contract(date_start=today, date_end=today + timedelta(days=30))
        with self.assertRaisesText(ValidationError, "you can open"):
            calloff.with_user(self.user_kam).framework_id = framework_b
        # its own framework is described as before
        framework_a = self._contract(is_framework=True)
        with self.assertRaisesText(ValidationError, "must run within its framework contract"):
            calloff.with_user(self.user_kam).write({
                'framework_id': framework_a.id, 'date_end': framework_a.date_end + timedelta(days=1)})

    def test_manager_reads_every_framework(self):
        manager = new_test_user(self.env, login='kam_integrity_head',
                                groups='key_account_management.group_kam_manager')
        today = fields.Date.context_today(self.env.user)
        framework_b = self._contract(partner_id=self.group_b.id, is_framework=True)
        with self.assertRaisesText(ValidationError, "must be for an account of the group"):
            self.env['kam.contract'].with_user(manager).create({
                'title': "Call-off", 'partner_id': self.group_a.id, 'date_start': today,
                'date_end': today + timedelta(days=30), 'framework_id': framework_b.id})
