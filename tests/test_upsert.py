from datetime import timedelta

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common_service_request import KamServiceRequestCommon


class KamUpsertCommon(KamServiceRequestCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_a.kam_external_ref = 'CUST-A'
        cls.group_b.kam_external_ref = 'CUST-B'
        cls.plan.default_code = 'PLAN-58'
        today = fields.Date.context_today(cls.env.user)
        cls.start, cls.end = str(today), str(today + timedelta(days=365))

    def _account_rows(self):
        return [
            {'kam_external_ref': 'CUST-100', 'name': "华东港务集团", 'is_company': True,
             'kam_is_key_account': True, 'kam_manager_id/ref': self.user_kam.login,
             'kam_handset_count': 300},
            # its subsidiary, under the account of the row above (created in the same call)
            {'kam_external_ref': 'CUST-101', 'name': "华东港务码头有限公司", 'is_company': True,
             'kam_is_key_account': True, 'kam_manager_id/ref': self.user_kam.login,
             'parent_id/ref': 'CUST-100'},
        ]

    def _contract_rows(self):
        return [{
            'external_ref': 'BILL-0042', 'title': "Fleet lines", 'partner_id/ref': 'CUST-101',
            'date_start': self.start, 'date_end': self.end, 'amount': 120000,
            'line_ids': [{'name': "Fleet lines", 'quantity': 600, 'monthly_fee': 58},
                         {'name': "Private APN", 'quantity': 1, 'monthly_fee': 3000}],
        }]

    def _member_rows(self):
        return [
            {'external_ref': 'HR-001', 'name': "陈静", 'partner_id/ref': 'CUST-A',
             'mobile': "+86 138-0571-7001", 'product_id/ref': 'PLAN-58',
             'email': "chen.jing@example.com"},
            {'external_ref': 'HR-002', 'name': "周涛", 'partner_id/ref': 'CUST-A',
             'mobile': "138 0571 7002", 'department': "信息中心"},
        ]

    def _work_order_rows(self):
        return [{
            'external_ref': 'TT-9001', 'type_id/ref': 'fault', 'partner_id/ref': 'CUST-A',
            'contact_phone': "13805710001", 'description': "专线中断", 'priority': '1',
            'line_ids': [{'operation': 'number', 'number': "0571-88990001"}],
        }]

    def _footprint(self, records):
        """What a second upsert must leave as it is."""
        self.env.flush_all()
        records.invalidate_recordset()
        return [(r.write_date, len(r.message_ids) if 'message_ids' in r else 0)
                for r in records.sudo()]


class TestUpsert(KamUpsertCommon):
    """kam_upsert(rows) on accounts, contracts, members and work orders:
    foreign keys by the integrator's references, the same rows twice change
    nothing, a changed row updates, an unknown reference is a clear error,
    the caller's rights apply."""

    def _upsert(self, model, rows, user=None):
        return self.env[model].with_user(user or self.user_kam).kam_upsert(rows)

    def test_the_same_rows_twice_change_nothing(self):
        manager = self.user_kam_manager
        results = self._upsert('res.partner', self._account_rows(), user=manager)
        self.assertEqual([r['result'] for r in results], ['created', 'created'])
        hq, sub = self.env['res.partner'].browse([r['id'] for r in results])
        self.assertEqual((sub.parent_id, hq.kam_manager_id, hq.kam_handset_count),
                         (hq, self.user_kam, 300))
        [contract] = self._upsert('kam.contract', self._contract_rows())
        contract = self.env['kam.contract'].browse(contract['id'])
        self.assertEqual((contract.partner_id, contract.external_ref), (sub, 'BILL-0042'))
        self.assertEqual(contract.line_ids.mapped('quantity'), [600, 1])
        members = self._upsert('kam.member', self._member_rows())
        members = self.env['kam.member'].browse([r['id'] for r in members])
        self.assertEqual(members.mapped('mobile'), ["13805717001", "13805717002"])
        self.assertEqual(members[0].product_id, self.plan)
        [order] = self._upsert('kam.service.request', self._work_order_rows())
        order = self.env['kam.service.request'].browse(order['id'])
        self.assertEqual((order.type_id, order.partner_id, order.state, order.external_ref),
                         (self.type_fault, self.group_a, 'draft', 'TT-9001'))
        records = [hq | sub, contract, contract.line_ids, members, order, order.line_ids]
        before = [self._footprint(r) for r in records]
        # the same rows again, as the integrator's nightly sync sends them
        for model, rows, user in (('res.partner', self._account_rows(), manager),
                                  ('kam.contract', self._contract_rows(), None),
                                  ('kam.member', self._member_rows(), None),
                                  ('kam.service.request', self._work_order_rows(), None)):
            with self.subTest(model=model):
                results = self._upsert(model, rows, user=user)
                self.assertEqual({r['result'] for r in results}, {'unchanged'})
        self.assertEqual([self._footprint(r) for r in records], before)

    def test_a_changed_row_updates_its_record(self):
        self._upsert('res.partner', self._account_rows(), user=self.user_kam_manager)
        self._upsert('kam.contract', self._contract_rows())
        rows = self._contract_rows()
        rows[0]['amount'] = 150000
        rows[0]['line_ids'][0]['quantity'] = 650
        [result] = self._upsert('kam.contract', rows)
        contract = self.env['kam.contract'].browse(result['id'])
        self.assertEqual((result['result'], contract.amount), ('updated', 150000))
        self.assertEqual(sorted(contract.line_ids.mapped('quantity')), [1, 650])
        self.assertEqual(len(self.env['kam.contract'].search([('external_ref', '=', 'BILL-0042')])), 1)
        # a member moved to the subsidiary, by reference
        self.sub_a.kam_external_ref = 'CUST-A1'
        self._upsert('kam.member', self._member_rows())
        rows = self._member_rows()
        rows[1]['partner_id/ref'] = 'CUST-A1'
        results = self._upsert('kam.member', rows)
        self.assertEqual([r['result'] for r in results], ['unchanged', 'updated'])
        self.assertEqual(self.env['kam.member'].browse(results[1]['id']).partner_id, self.sub_a)

    def test_unknown_reference_is_a_clear_error(self):
        rows = self._member_rows()
        rows[1]['partner_id/ref'] = 'CUST-NOPE'
        with self.assertRaisesText(ValidationError, "Row 2: no Contact with the reference “CUST-NOPE”"):
            self._upsert('kam.member', rows)
        self.assertFalse(self.env['kam.member'].search([('external_ref', 'in', ['HR-001', 'HR-002'])]))
        for rows, text in (
                ([{'name': "no reference"}], "Row 1: give its reference"),
                ([{'external_ref': 'HR-9', 'name': "x", 'group_id/ref': 'CUST-A'}],
                 "“group_id/ref” is not a field to fill"),
                ([{'external_ref': 'HR-9', 'name': "x", 'company_id/ref': 'X'}],
                 "company_id cannot be given by reference"),
                (self._member_rows() + self._member_rows()[:1], "Row 3: the reference “HR-001”")):
            with self.subTest(text=text), self.assertRaisesText(ValidationError, text):
                self._upsert('kam.member', rows)

    def test_access_rights_apply(self):
        # B is Account Manager Two's: One may neither add to it nor change it
        with self.assertRaises(AccessError):
            self._upsert('kam.member', [{'external_ref': 'HR-B1', 'name': "沈洁",
                                         'partner_id/ref': 'CUST-B', 'mobile': "15158117001"}])
        self.member_b.external_ref = 'HR-B0'
        with self.assertRaises(AccessError):
            self._upsert('kam.member', [{'external_ref': 'HR-B0', 'name': "沈洁 (changed)",
                                         'partner_id/ref': 'CUST-B', 'mobile': self.member_b.mobile}])
        self.assertEqual(self.member_b.name, "沈洁")
        with self.assertRaises(AccessError):
            self._upsert('res.partner', [{'kam_external_ref': 'CUST-B', 'kam_handset_count': 5}])
        self.assertEqual(self.group_b.kam_handset_count, 0)
        contract_row = dict(self._contract_rows()[0], **{'partner_id/ref': 'CUST-B'})
        with self.assertRaises(AccessError):
            self._upsert('kam.contract', [contract_row])

    def test_external_references_unique_per_company(self):
        self.member_a1.external_ref = 'HR-1'
        with mute_logger('odoo.sql_db'), self.assertRaises(psycopg2.errors.UniqueViolation):
            self.member_a2.external_ref = 'HR-1'
            self.env.flush_all()
        request = self._create_request(self.type_fault, external_ref='TT-1',
                                       lines=[{'operation': 'number', 'number': "1"}])
        self.assertEqual(request.external_ref, 'TT-1')
        with mute_logger('odoo.sql_db'), self.assertRaises(psycopg2.errors.UniqueViolation):
            self._create_request(self.type_fault, external_ref='TT-1')
        other = self.env['res.company'].create({'name': "华南通信"})
        self.env['kam.member'].create({'name': "郭伟", 'mobile': "13905711234",
                                       'partner_id': self.group_a.id, 'external_ref': 'HR-1',
                                       'company_id': other.id})


@tagged('post_install', '-at_install')
class TestUpsertJson2(HttpCase, KamUpsertCommon):

    def test_upsert_over_json2(self):
        key = self.env['res.users.apikeys'].with_user(self.user_kam).sudo()._generate(
            'rpc', "member sync", fields.Datetime.now() + timedelta(days=1))

        def call(rows):
            return self.url_open('/json/2/kam.member/kam_upsert', json={'rows': rows}, headers={
                'Authorization': f'bearer {key}'})

        response = call(self._member_rows())
        self.assertEqual(response.status_code, 200, response.text[:2000])
        self.assertEqual([(r['ref'], r['result']) for r in response.json()],
                         [('HR-001', 'created'), ('HR-002', 'created')])
        self.assertEqual([r['result'] for r in call(self._member_rows()).json()],
                         ['unchanged', 'unchanged'])
        rows = self._member_rows()
        rows[0]['partner_id/ref'] = 'CUST-NOPE'
        with mute_logger('odoo.http'):
            response = call(rows)
        self.assertEqual(response.status_code, 422, response.text[:2000])
        self.assertIn("CUST-NOPE", response.json()['message'])
