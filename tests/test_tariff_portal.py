from odoo.http import Request
from odoo.tests import HttpCase, tagged

from .common_tariff import KamTariffCommon


@tagged('post_install', '-at_install')
class TestTariffPortal(HttpCase, KamTariffCommon):
    """The customer's group administrator raises applications in the
    portal; every portal user of the group follows them; another customer
    never sees them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_admin = cls._create_portal_user(cls.account, 'kam_tariff_admin')
        cls.portal_admin.partner_id.kam_portal_group_admin = True
        cls.portal_clerk = cls._create_portal_user(cls.subsidiary, 'kam_tariff_clerk')
        cls.portal_b = cls._create_portal_user(cls.account_b, 'kam_tariff_b')
        cls.portal_b.partner_id.kam_portal_group_admin = True

    def _post(self, **values):
        data = {
            'csrf_token': Request.csrf_token(self), 'partner_id': self.subsidiary.id,
            'subject': "码头专线优惠", 'date_start': '2026-01-01', 'date_end': '2027-12-31',
            'justification': "对手报价低 20%", 'line_0_product_id': self.private_line.id,
            'line_0_quantity': '4', 'line_0_proposed_price': '2500',
        }
        data.update(values)
        return self.url_open('/my/tariffs/submit', data=data)

    def test_group_administrator_raises_an_application(self):
        self.authenticate('kam_tariff_admin', 'kam_tariff_admin')
        self.assertIn('/my/tariffs/new', self.url_open('/my/tariffs').text)
        self.assertIn(self.private_line.name, self.url_open('/my/tariffs/new').text)
        response = self._post()
        application = self.Application.search([('subject', '=', "码头专线优惠")])
        self.assertTrue(response.url.endswith(f'/my/tariffs/{application.id}?submitted=1'))
        self.assertEqual(application.partner_id, self.subsidiary)
        self.assertEqual(application.user_id, self.portal_admin)
        self.assertEqual(application.state, 'to_approve')
        self.assertEqual(application.line_ids.list_price, 3000, "the list price is the catalogue's")
        self.assertEqual(application.line_ids.proposed_price, 2500)
        self.assertTrue(application.review_ids)
        self.assertIn(application.name, self.url_open('/my/tariffs').text)

        # the subsidiary's clerk follows it, raises none
        self.authenticate('kam_tariff_clerk', 'kam_tariff_clerk')
        self.assertIn(application.name, self.url_open('/my/tariffs').text)
        self.assertNotIn('/my/tariffs/new', self.url_open('/my/tariffs').text)
        self.assertTrue(self.url_open('/my/tariffs/new').url.endswith('/my/tariffs'))

        # the other customer neither lists nor opens it
        self.authenticate('kam_tariff_b', 'kam_tariff_b')
        self.assertNotIn(application.name, self.url_open('/my/tariffs').text)
        response = self.url_open(f'/my/tariffs/{application.id}')
        self.assertNotIn(application.name, response.text)
        self.assertTrue(response.url.endswith('/my'))

        # approved, the customer sees the approved prices
        application.with_user(self.user_kam_manager).validate_tier()
        application.with_user(self.user_province).validate_tier()
        self.assertEqual(application.state, 'approved')
        self.authenticate('kam_tariff_admin', 'kam_tariff_admin')
        self.assertIn('o_kam_tariff_approved', self.url_open(f'/my/tariffs/{application.id}').text)

    def test_bad_input_in_the_form(self):
        self.authenticate('kam_tariff_admin', 'kam_tariff_admin')
        count = self.Application.search_count([])
        for values, message in (
            ({'line_0_proposed_price': '3500'}, "above its list price"),
            ({'line_0_proposed_price': '-1'}, "over 100 %"),
            ({'date_end': '2025-06-30'}, "end before it starts"),
            ({'line_0_proposed_price': 'abc'}, "must be a number"),
            ({'partner_id': str(self.account_b.id)}, "your group"),
            ({'line_0_product_id': str(self.env.ref('base.user_admin').partner_id.id + 10 ** 6)},
             "catalogue"),
        ):
            with self.subTest(message=message):
                response = self._post(**values)
                self.assertEqual(response.status_code, 200)
                self.assertIn('o_kam_tariff_error', response.text)
                self.assertIn(message, response.text)
        self.assertEqual(self.Application.search_count([]), count)

    def test_only_group_administrators_raise(self):
        self.authenticate('kam_tariff_clerk', 'kam_tariff_clerk')
        count = self.Application.search_count([])
        response = self._post()
        self.assertTrue(response.url.endswith('/my/tariffs'))
        self.assertEqual(self.Application.search_count([]), count)

    def test_tour_portal_to_contract_line(self):
        self.private_line.name = "Tour Private Line"
        self.start_tour('/my/tariffs/new', 'kam_tariff_portal_tour', login='kam_tariff_admin')
        application = self.Application.search([('subject', '=', "Tour private lines at 20 % off")])
        self.assertEqual(application.state, 'to_approve')
        url = f'/odoo/action-key_account_management.kam_tariff_application_action/{application.id}'
        self.start_tour(url, 'kam_tariff_review_tour', login=self.user_kam_manager.login)
        self.assertEqual(application.state, 'to_approve')
        self.start_tour(url, 'kam_tariff_review_tour', login=self.user_province.login)
        self.assertEqual(application.state, 'approved')
        self.start_tour(url, 'kam_tariff_contract_tour', login=self.user_kam.login)
        self.assertEqual(application.state, 'contracted')
        self.assertEqual(application.contract_id.line_ids.monthly_fee, 2400)
