import csv
from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import file_open, mute_logger

from .common_integration import (
    CONTRACT_REF_USED,
    HELP_PENDING_MODELS,
    MODULE,
    PARTNER_REF_USED,
    PROJECT_REF_USED,
    KamIntegrationCommon,
    addon_models,
)


class TestIntegrationHelp(KamIntegrationCommon):

    def test_every_field_people_fill_has_a_help(self):
        missing = []
        for name in sorted(addon_models(self.env) - HELP_PENDING_MODELS):
            model = self.env[name]
            for fname, field in model._fields.items():
                if field._module != MODULE or field.readonly:
                    continue
                if not (field.store or model._transient):
                    continue
                if not (field.help or '').strip():
                    missing.append(f"{name}.{fname}")
        self.assertFalse(missing, f"fields without help: {missing}")


class TestIntegrationExternalRef(KamIntegrationCommon):

    def test_external_ref_unique_per_company_and_searchable(self):
        company_2 = self.env['res.company'].create({'name': "Second Operator"})
        contract = self._contract(external_ref='BILL-1')
        project = self._project(external_ref='ORD-1')
        self.account.kam_external_ref = 'CRM-1'
        # another company may reuse a reference
        self._contract(external_ref='BILL-1', company_id=company_2.id,
                       partner_id=self._create_account("Other Co", company_id=company_2.id).id)
        self.assertEqual(self.env['kam.contract'].search([('external_ref', '=', 'BILL-1'),
                                                          ('company_id', '=', self.company.id)]), contract)
        self.assertEqual(self.env['kam.contract'].name_search(
            'BILL-1', domain=[('company_id', '=', self.company.id)])[0][0], contract.id)
        self.assertEqual(self.env['kam.project'].name_search('ORD-1')[0][0], project.id)
        self.assertEqual(self.env['res.partner'].search([('kam_external_ref', '=', 'CRM-1')]), self.account)
        with self.assertRaisesConstraint(UniqueViolation, 'kam.contract', CONTRACT_REF_USED):
            self._contract(external_ref='BILL-1')
        with self.assertRaisesConstraint(UniqueViolation, 'kam.project', PROJECT_REF_USED):
            self._project(external_ref='ORD-1')
        with self.assertRaisesConstraint(UniqueViolation, 'res.partner', PARTNER_REF_USED):
            self._create_account("Copy", kam_external_ref='CRM-1')
        # partners of no company are unique among themselves too
        Partner = self.env['res.partner']
        Partner.create({'name': "Shared 1", 'company_id': False, 'kam_external_ref': 'X-9'})
        with self.assertRaisesConstraint(UniqueViolation, 'res.partner', PARTNER_REF_USED):
            Partner.create({'name': "Shared 2", 'company_id': False, 'kam_external_ref': 'X-9'})
        # empty references never clash
        self._contract()
        self._contract()

    def test_external_ref_in_forms_and_exports(self):
        for model, fname in (('kam.contract', 'external_ref'), ('kam.project', 'external_ref'),
                             ('res.partner', 'kam_external_ref')):
            arch = self.env[model].get_view(view_type='form')['arch']
            self.assertIn(f'name="{fname}"', arch, model)
            self.assertTrue(self.env[model]._fields[fname].exportable)
        contract = self._contract(external_ref='BILL-7')
        self.assertEqual(contract.export_data(['name', 'external_ref'])['datas'][0][1], 'BILL-7')


class TestIntegrationImport(KamIntegrationCommon):

    def _load_template(self, model, filename):
        with file_open(f'{MODULE}/static/xls/{filename}') as handle:
            rows = list(csv.reader(handle))
        result = self.env[model].load(rows[0], rows[1:])
        self.assertFalse([m for m in result['messages'] if m['type'] == 'error'], result['messages'])
        return self.env[model].browse([rid for rid in result['ids'] if rid])

    def test_templates_listed(self):
        for model in ('res.partner', 'kam.contract'):
            templates = self.env[model].get_import_templates()
            ours = [t for t in templates if MODULE in t['template']]
            self.assertTrue(ours, model)
            for template in ours:
                with file_open(template['template'].lstrip('/')) as handle:
                    self.assertTrue(handle.read(10))

    def test_templates_load_twice_without_duplicates(self):
        Line = self.env['kam.contract.line']
        accounts = self._load_template('res.partner', 'kam_key_accounts.csv')
        contracts = self._load_template('kam.contract', 'kam_contracts.csv')
        self.assertEqual(len(accounts), 2)
        self.assertTrue(all(accounts.mapped('kam_is_key_account')))
        self.assertEqual(len(accounts.child_ids.filtered(lambda p: not p.is_company)), 3)
        self.assertEqual(accounts[1].parent_id, accounts[0])
        self.assertEqual(len(contracts), 2)
        self.assertEqual(contracts.mapped('external_ref'), ['BILL-2026-0042', 'BILL-2026-0043'])
        lines = Line.search([('contract_id', 'in', contracts.ids)])
        self.assertEqual(len(lines), 3)
        contracts[0].line_ids[0].quantity = 2
        # the second import updates in place
        self.assertEqual(self._load_template('res.partner', 'kam_key_accounts.csv'), accounts)
        self.assertEqual(self._load_template('kam.contract', 'kam_contracts.csv'), contracts)
        self.assertEqual(Line.search([('contract_id', 'in', contracts.ids)]), lines)
        self.assertEqual(contracts[0].line_ids[0].quantity, 1)
        self.assertEqual(len(accounts.child_ids.filtered(lambda p: not p.is_company)), 3)


@tagged('post_install', '-at_install')
class TestIntegrationJson2(HttpCase, KamIntegrationCommon):
    """What the integration examples of docs/integrators.md do, over HTTP."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.key = cls.env['res.users.apikeys'].with_user(cls.user_kam).sudo()._generate(
            'rpc', "billing sync", fields.Datetime.now() + timedelta(days=1))

    def _json2(self, path, payload, key=None):
        return self.url_open(f'/json/2/{path}', json=payload, headers={
            'Authorization': f'bearer {key or self.key}'})

    def test_action_start_over_json2(self):
        project = self._project(external_ref='ORD-42')
        found = self._json2('kam.project/search', {'domain': [['external_ref', '=', 'ORD-42']]})
        self.assertEqual(found.status_code, 200, found.text)
        self.assertEqual(found.json(), [project.id])
        response = self._json2('kam.project/action_start', {'ids': [project.id]})
        self.assertEqual(response.status_code, 200, response.text)
        self.assertIs(response.json(), True)
        self.assertEqual(project.stage, 'in_progress')

    def test_errors_over_json2(self):
        response = self._json2('kam.contract/create', {'vals_list': [{
            'title': "Backwards", 'partner_id': self.account.id,
            'date_start': str(self.today), 'date_end': str(self.today - timedelta(days=1))}]})
        self.assertEqual(response.status_code, 422, response.text)
        body = response.json()
        self.assertEqual(body['name'], 'odoo.exceptions.ValidationError')
        self.assertIn('end', body['message'])
        self.assertEqual(sorted(body), ['arguments', 'context', 'debug', 'message', 'name'])
        self.assertFalse(self.env['kam.contract'].search([('title', '=', "Backwards")]))
        # a duplicate external reference is bad input too, with the constraint's message
        self._contract(external_ref='BILL-9')
        with mute_logger('odoo.sql_db', 'odoo.http'):
            response = self._json2('kam.contract/create', {'vals_list': [{
                'title': "Twin", 'partner_id': self.account.id, 'external_ref': 'BILL-9',
                'date_start': str(self.today), 'date_end': str(self.today)}]})
        self.assertEqual(response.status_code, 422, response.text)
        self.assertEqual(response.json()['name'], 'odoo.exceptions.ValidationError')
        self.assertIn("external reference is already used", response.json()['message'])
        # another manager's project: the record rules answer
        other = self._project(partner_id=self.account_other.id, user_id=self.user_kam_other.id)
        with mute_logger('odoo.http'):
            response = self._json2('kam.project/action_start', {'ids': [other.id]})
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()['name'], 'odoo.exceptions.AccessError')
        self.assertEqual(other.stage, 'draft')

    def test_load_upserts_over_json2(self):
        """The load() example of docs/integrators.md: the same rows twice update in place."""
        rows = {
            'fields': ['id', 'external_ref', 'title', 'partner_id/.id', 'date_start', 'date_end',
                       'line_ids/id', 'line_ids/name', 'line_ids/quantity', 'line_ids/monthly_fee'],
            'data': [
                ['billing.ct_0042', 'BILL-0042', "Fleet lines", str(self.account.id),
                 str(self.today), str(self.today + timedelta(days=365)),
                 'billing.ctl_0042_1', "Fleet lines (unlimited data)", '600', '58'],
                ['', '', '', '', '', '', 'billing.ctl_0042_2', "Private APN", '1', '3000'],
            ],
        }
        first = self._json2('kam.contract/load', rows)
        self.assertEqual(first.status_code, 200, first.text)
        self.assertFalse(first.json()['messages'], first.text)
        second = self._json2('kam.contract/load', rows).json()
        self.assertEqual(second['ids'], first.json()['ids'])
        contract = self.env['kam.contract'].search([('external_ref', '=', 'BILL-0042')])
        self.assertEqual(len(contract), 1)
        self.assertEqual(sorted(contract.line_ids.mapped('quantity')), [1, 600])
