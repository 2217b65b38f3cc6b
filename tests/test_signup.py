import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common_census import CODE_1, KamCensusCommon

# valid credit codes of the applicants (GB 32100-2015 check characters)
SIGNUP_CODE = '91330106MA251GN02T'
SIGNUP_CODE_2 = '91330106MA251GN03X'
TOUR_CODE = '91330106MA2T0UR01N'
IP = '203.0.113.7'


class KamSignupCommon(KamCensusCommon):

    def _values(self, **vals):
        return dict({
            'name': "杭州文三路测试科技有限公司", 'uscc': SIGNUP_CODE, 'contact_name': "周晓明",
            'mobile': "138 0571 0001", 'city': "杭州", 'street': "西湖区文三路 1号",
            'email': "zhou@example.com", 'message': "想了解企业宽带"}, **vals)

    def _submit(self, ip=IP, **vals):
        return self.env['kam.signup.request']._kam_submit(self._values(**vals), ip)

    def _sent_code(self, application):
        """The code of the last SMS queued to the application's number."""
        sms = self.env['sms.sms'].sudo().search(
            [('number', '=', application.mobile)], order='id desc', limit=1)
        return re.search(r'\d{6}', sms.body).group()

    def _counts(self):
        return (self.env['kam.signup.request'].sudo().search_count([]),
                self.env['res.partner'].sudo().with_context(active_test=False).search_count([]),
                self.env['res.users'].sudo().with_context(active_test=False).search_count([]))


@tagged('post_install', '-at_install')
class TestSignup(KamSignupCommon):

    def test_submit_texts_a_hashed_code(self):
        partners_users = self._counts()[1:]
        application = self._submit()
        self.assertEqual(application.state, 'new')
        self.assertEqual(application.mobile, '13805710001')
        code = self._sent_code(application)
        stored = application.sudo().code_ids
        self.assertEqual(len(stored), 1)
        self.assertNotIn(code, stored.code_hash)
        self.assertEqual(stored.code_hash, stored._kam_hash('13805710001', code))
        self.assertAlmostEqual(stored.expires_at, fields.Datetime.now() + timedelta(minutes=10),
                               delta=timedelta(minutes=1))
        self.assertEqual(self._counts()[1:], partners_users, "no partner and no user made")

    def test_bad_credit_code_refused_nothing_written(self):
        before = self._counts()
        with self.assertRaisesText(ValidationError, "check character"):
            self._submit(uscc='91330106MA251GN02A')
        self.assertEqual(self._counts(), before)
        self.assertFalse(self.env['kam.signup.code'].sudo().search_count([]))

    def test_bad_mobile_refused(self):
        before = self._counts()
        with self.assertRaisesText(ValidationError, "not a valid Chinese mobile"):
            self._submit(mobile="0571 8888 1234")
        with self.assertRaisesText(ValidationError, "Please fill in"):
            self._submit(contact_name="  ")
        self.assertEqual(self._counts(), before)

    def test_verify_routes_to_grid_manager_with_activity(self):
        application = self._submit()
        ok, problem = application._kam_verify(self._sent_code(application))
        self.assertTrue(ok, problem)
        self.assertEqual(application.state, 'verified')
        self.assertEqual(application.region_id, self.xihu)
        self.assertEqual(application.grid_id, self.grid)
        self.assertEqual(application.user_id, self.user_kam)
        self.assertEqual(application.activity_ids.user_id, self.user_kam)
        self.assertTrue(application.sudo().code_ids.used, "the code serves once")
        self.assertFalse(application.sudo().access_token)

    def test_region_account_manager_takes_it(self):
        self.hangzhou.user_ids = self.user_kam_other
        application = self._submit(street="拱墅区莫干山路 1号")
        application._kam_verify(self._sent_code(application))
        self.assertEqual(application.region_id, self.hangzhou)
        self.assertEqual(application.user_id, self.user_kam_other)
        self.assertEqual(application.activity_ids.user_id, self.user_kam_other)

    def test_unroutable_goes_to_the_department(self):
        application = self._submit(city="北京", street="朝阳区建国路 1号")
        application._kam_verify(self._sent_code(application))
        self.assertFalse(application.region_id)
        self.assertTrue(application.user_id.has_group('key_account_management.group_kam_manager'))
        self.assertEqual(application.activity_ids.user_id, application.user_id)

    def test_code_expires(self):
        application = self._submit()
        code = self._sent_code(application)
        application.sudo().code_ids.expires_at = fields.Datetime.now() - timedelta(seconds=1)
        ok, problem = application._kam_verify(code)
        self.assertFalse(ok)
        self.assertIn("expired", problem)
        self.assertEqual(application.state, 'new')

    def test_wrong_code_tries_exhausted(self):
        application = self._submit()
        code = self._sent_code(application)
        wrong = f"{(int(code) + 1) % 1000000:06d}"
        for left in (4, 3, 2, 1):
            ok, problem = application._kam_verify(wrong)
            self.assertFalse(ok)
            self.assertIn(f"tries left: {left}", problem)
        ok, problem = application._kam_verify(wrong)
        self.assertIn("Too many wrong codes", problem)
        ok, problem = application._kam_verify(code)
        self.assertFalse(ok, "the right code no longer helps once the tries are used")
        self.assertEqual(application.state, 'new')
        # a new code starts again
        application._kam_resend(IP)
        ok, _problem = application._kam_verify(self._sent_code(application))
        self.assertTrue(ok)

    def test_new_code_replaces_the_old(self):
        application = self._submit()
        old = self._sent_code(application)
        application._kam_resend(IP)
        new = self._sent_code(application)
        if old != new:
            self.assertFalse(application._kam_verify(old)[0])
        self.assertTrue(application._kam_verify(new)[0])

    def test_rate_limit_per_number(self):
        for index in range(3):
            self._submit(ip=f'198.51.100.{index}')
        before = self._counts()
        with self.assertRaisesText(UserError, "Too many codes were sent to this mobile number"):
            self._submit(ip='198.51.100.99')
        self.assertEqual(self._counts(), before)
        self.env['ir.config_parameter'].sudo().set_param(
            'key_account_management.signup_number_limit', 4)
        self._submit(ip='198.51.100.99')

    def test_rate_limit_per_address(self):
        self.env['ir.config_parameter'].sudo().set_param(
            'key_account_management.signup_address_limit', 2)
        self._submit(mobile="13805710001")
        self._submit(mobile="13805710002")
        before = self._counts()
        with self.assertRaisesText(UserError, "Too many applications came from your network"):
            self._submit(mobile="13805710003")
        self.assertEqual(self._counts(), before)
        self._submit(mobile="13805710003", ip='198.51.100.1')

    def test_known_organisation_flagged_internally(self):
        self._entry("杭州已知单位有限公司", uscc=SIGNUP_CODE)
        application = self._submit()
        self.assertTrue(application._kam_verify(self._sent_code(application))[0])
        self.assertTrue(application.known_organisation)
        self.assertEqual(application.user_id, self.user_kam, "the census entry's grid manager")
        self.assertIn("杭州已知单位有限公司", application.with_user(self.user_kam).duplicate_warning)
        unknown = self._submit(uscc=SIGNUP_CODE_2, name="杭州全新单位有限公司", mobile="13805710002")
        self.assertTrue(unknown._kam_verify(self._sent_code(unknown))[0])
        self.assertFalse(unknown.known_organisation)

    def test_qualify_and_convert(self):
        application = self._submit()
        application._kam_verify(self._sent_code(application))
        application = application.with_user(self.user_kam)
        self.assertIs(application.action_qualify(), True)
        entry = application.census_entry_id
        self.assertEqual((entry.state, entry.uscc, entry.grid_id), ('qualified', SIGNUP_CODE, self.grid))
        action = application.action_convert()
        self.assertEqual(action['res_model'], 'res.partner')
        partner = application.partner_id
        self.assertEqual(application.state, 'converted')
        self.assertTrue(partner.kam_is_key_account)
        self.assertEqual(partner.kam_manager_id, self.user_kam)
        self.assertEqual(partner.child_ids.filtered(lambda c: c.name == "周晓明").phone, '13805710001')

    def test_qualify_links_the_census_entry(self):
        entry = self._entry("杭州已知单位有限公司", uscc=SIGNUP_CODE)
        entry.with_user(self.user_kam).action_contact()
        application = self._submit()
        application._kam_verify(self._sent_code(application))
        application.with_user(self.user_kam).action_qualify()
        self.assertEqual(application.census_entry_id, entry)
        self.assertEqual(entry.state, 'qualified')

    def test_qualify_needs_a_grid_and_reject_a_reason(self):
        application = self._submit(city="北京", street="朝阳区")
        application._kam_verify(self._sent_code(application))
        as_head = application.with_user(self.user_kam_manager)
        with self.assertRaisesText(UserError, "Choose the grid"):
            as_head.action_qualify()
        with self.assertRaisesText(UserError, "Reject Reason"):
            as_head.action_reject()
        as_head.reject_reason = "Not in our area"
        self.assertIs(as_head.action_reject(), True)
        self.assertEqual(application.state, 'rejected')
        self.assertFalse(application.activity_ids)
        with self.assertRaisesText(UserError, "buttons"):
            as_head.write({'state': 'verified'})

    def test_access_managers_and_portal(self):
        application = self._submit()
        application._kam_verify(self._sent_code(application))
        Request = self.env['kam.signup.request']
        self.assertEqual(Request.with_user(self.user_kam).search([]), application)
        self.assertFalse(Request.with_user(self.user_kam_other).search([]))
        self.assertEqual(Request.with_user(self.head).search([]), application)
        self.assertEqual(Request.with_user(self.user_kam_manager).search([]), application)
        other = self._create_account("Second Customer Co")
        portal_2 = self._create_portal_user(other, 'kam_signup_portal_2')
        for user in (self.portal, portal_2, self.user_internal):
            with self.assertRaises(AccessError):
                Request.with_user(user).search([])
            with self.assertRaises(AccessError):
                application.with_user(user).read(['contact_name'])

    def test_retention_domain_and_erase(self):
        Request = self.env['kam.signup.request']
        self.assertTrue(Request._kam_retention)
        old = self._submit()
        converted = self._submit(uscc=SIGNUP_CODE_2, mobile="13805710002")
        converted._kam_verify(self._sent_code(converted))
        converted.with_user(self.user_kam).action_qualify()
        converted.with_user(self.user_kam).action_convert()
        recent = self._submit(uscc=CODE_1, mobile="13805710003")
        self.env.flush_all()
        past = fields.Datetime.now() - timedelta(days=400)
        self.env.cr.execute("UPDATE kam_signup_request SET write_date = %s WHERE id IN %s",
                            [past, (old.id, converted.id)])
        self.env.invalidate_all()
        cutoff = fields.Datetime.now() - timedelta(days=365)
        found = Request.search(Request._kam_retention_domain(cutoff))
        self.assertEqual(found, old, "converted and recent ones are kept")
        self.assertNotIn(recent, found)
        self.assertIs(found._kam_erase_personal_data(), True)
        self.assertEqual((old.mobile, old.email, old.message), (False, False, False))
        self.assertNotEqual(old.contact_name, "周晓明")
        self.assertTrue(old.anonymized)
        self.assertEqual((old.name, old.uscc, old.state), ("杭州文三路测试科技有限公司", SIGNUP_CODE, 'new'))
        self.assertFalse(old.sudo().code_ids)
        self.assertFalse(Request.search(Request._kam_retention_domain(fields.Datetime.now()
                                                                      + timedelta(days=1)))
                         & old, "erased once")

    def test_submit_query_count(self):
        self._submit(mobile="13805710009")  # warm the caches
        self.env.invalidate_all()
        with self.assertQueryCount(30):
            self._submit(uscc=SIGNUP_CODE_2)


@tagged('post_install', '-at_install')
class TestSignupHttp(HttpCase, KamSignupCommon):

    def _csrf(self, page):
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def _post_form(self, headers=None, **vals):
        page = self.url_open('/kam/apply', headers=headers).text
        data = dict(self._values(**vals), csrf_token=self._csrf(page))
        return self.url_open('/kam/apply/code', data=data, headers=headers)

    def _verify(self, page, code):
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        return self.url_open('/kam/apply/verify', data={
            'csrf_token': self._csrf(page), 'token': token, 'code': code})

    def _strip(self, page):
        page = re.sub(r'name="(csrf_token|token)" value="[^"]+"', '', page)
        page = re.sub(r'138\*{4}\d{4}', '', page)
        return re.sub(r'(csrf_token|nonce)\W+[\w.-]+', '', page)

    def test_apply_through_the_page(self):
        form = self.url_open('/kam/apply').text
        for name in ('name', 'uscc', 'contact_name', 'mobile', 'email', 'industry_id', 'city',
                     'street', 'message'):
            self.assertIn(f'name="{name}"', form)
        response = self._post_form()
        self.assertEqual(response.status_code, 200)
        self.assertIn('138****0001', response.text)
        application = self.env['kam.signup.request'].sudo().search([('uscc', '=', SIGNUP_CODE)])
        done = self._verify(response.text, self._sent_code(application))
        self.assertIn('o_kam_signup_done', done.text)
        self.assertEqual(application.state, 'verified')
        self.assertEqual(application.user_id, self.user_kam)

    def test_post_without_csrf_refused(self):
        before = self._counts()
        response = self.url_open('/kam/apply/code', data=self._values())
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)

    def test_refusal_is_shown_nothing_written(self):
        before = self._counts()
        response = self._post_form(uscc='12345')
        self.assertIn('o_kam_signup_error', response.text)
        self.assertIn('has 5 characters', response.text)
        self.assertIn('杭州文三路测试科技有限公司', response.text, "what was typed stays")
        self.assertEqual(self._counts(), before)

    def test_wrong_code_counted_on_the_page(self):
        response = self._post_form()
        application = self.env['kam.signup.request'].sudo().search([('uscc', '=', SIGNUP_CODE)])
        code = self._sent_code(application)
        page = self._verify(response.text, f"{(int(code) + 1) % 1000000:06d}").text
        self.assertIn('tries left: 4', page)
        self.assertEqual(application.code_ids.tries, 1)
        self.assertIn('o_kam_signup_done', self._verify(page, code).text)

    def test_same_answer_known_or_unknown(self):
        self._entry("杭州已知单位有限公司", uscc=SIGNUP_CODE)
        known = self._post_form(mobile="13805710001")
        unknown = self._post_form(mobile="13805710002", uscc=SIGNUP_CODE_2)
        self.assertEqual(self._strip(known.text), self._strip(unknown.text))
        Request = self.env['kam.signup.request'].sudo()
        done_known = self._verify(known.text, self._sent_code(Request.search(
            [('uscc', '=', SIGNUP_CODE)])))
        self.assertIn('o_kam_signup_done', done_known.text)
        done_unknown = self._verify(unknown.text, self._sent_code(Request.search(
            [('uscc', '=', SIGNUP_CODE_2)])))
        self.assertEqual(self._strip(done_known.text), self._strip(done_unknown.text))
        self.assertEqual(Request.search([('uscc', 'in', (SIGNUP_CODE, SIGNUP_CODE_2))])
                         .mapped('known_organisation'), [False, True])

    def test_pages_in_chinese(self):
        self.env['res.lang']._activate_lang('zh_CN')
        self.env['ir.module.module']._load_module_terms(
            ['key_account_management'], ['zh_CN'], overwrite=True)
        headers = {'Accept-Language': 'zh-CN,zh;q=0.9'}
        page = self.url_open('/kam/apply', headers=headers).text
        self.assertIn('申请成为客户', page)
        refused = self._post_form(headers=headers, mobile="12345").text
        self.assertIn('不是有效的中国大陆手机号码', refused)


@tagged('post_install', '-at_install')
class TestSignupTour(HttpCase, KamSignupCommon):

    def test_signup_tour(self):
        self.start_tour('/kam/apply', 'kam_signup_apply_tour')
        application = self.env['kam.signup.request'].sudo().search([('uscc', '=', TOUR_CODE)])
        self.assertEqual(application.state, 'new')
        code = self._sent_code(application)
        self.start_tour(f'/kam/apply/verify?token={application.access_token}&kam_tour_code={code}',
                        'kam_signup_verify_tour')
        self.assertEqual(application.state, 'verified')
        self.assertEqual(application.user_id, self.user_kam)
        self.start_tour(
            f'/odoo/action-key_account_management.kam_signup_request_action/{application.id}',
            'kam_signup_backend_tour', login=self.user_kam.login)
        self.assertEqual(application.state, 'converted')
        self.assertTrue(application.partner_id.kam_is_key_account)
        self.assertEqual(application.census_entry_id.state, 'converted')

