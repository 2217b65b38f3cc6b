import base64
from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .test_contract_common import KamContractCommon

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = base64.b64decode(
    b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


@tagged('post_install', '-at_install')
@freeze_time(KamContractCommon.TODAY)
class TestContract(KamContractCommon):

    def test_number_manager_and_defaults(self):
        contract = self._create_contract()
        self.assertTrue(contract.name.startswith("HT/"), contract.name)
        self.assertEqual(contract.user_id, self.user_kam, "the account's manager by default")
        self.assertEqual(contract.reminder_steps, "90,60,30")
        self.assertEqual(contract.currency_id, self.company.currency_id)
        self.assertEqual(contract.state, 'draft')
        other = self._create_contract()
        self.assertNotEqual(contract.name, other.name)
        self.env['ir.config_parameter'].set_param(
            'key_account_management.contract_reminder_steps', "120,30")
        self.assertEqual(self._create_contract().reminder_steps, "120,30")

    def test_reminder_steps_are_numbers(self):
        contract = self._create_contract()
        self.assertEqual((contract.reminder_days_1, contract.reminder_days_2, contract.reminder_days_3),
                         (90, 60, 30))
        contract.reminder_days_3 = 7
        self.assertEqual(contract.reminder_steps, "90,60,7")
        contract.reminder_days_2 = 0
        self.assertEqual(contract.reminder_steps, "90,7", "0: no reminder")
        with self.assertRaisesText(ValidationError, "not negative"):
            contract.reminder_days_1 = -30
        # integrations still write the text, largest first, three at most
        contract.reminder_steps = "30, 120"
        self.assertEqual((contract.reminder_days_1, contract.reminder_days_2, contract.reminder_days_3),
                         (120, 30, 0))
        with self.assertRaisesText(ValidationError, "at most three"):
            contract.reminder_steps = "120,90,60,30"
        arch = self.Contract.get_view(self.env.ref('key_account_management.kam_contract_view_form').id)['arch']
        self.assertIn('name="reminder_days_1"', arch)
        self.assertNotIn('name="reminder_steps"', arch, "the form shows numbers, not a text to type")

    def test_form_fills_manager_from_account(self):
        with Form(self.Contract.with_user(self.user_kam)) as form:
            form.title = "Mobile office"
            form.partner_id = self.account
            form.date_start = date(2026, 1, 1)
            form.date_end = date(2026, 12, 31)
            self.assertEqual(form.user_id, self.user_kam)
        self.assertEqual(form.record.partner_id, self.account)

    def test_confirm_moves_to_active_or_expiring(self):
        contract = self._create_contract(date_end=date(2027, 3, 1))
        contract.action_confirm()
        self.assertEqual(contract.state, 'active')
        self.assertEqual(contract.signing_date, self.TODAY)
        soon = self._create_contract(date_end=date(2026, 4, 1))
        soon.action_confirm()
        self.assertEqual(soon.state, 'expiring', "within the 90-day reminder window")
        over = self._create_contract(date_end=date(2026, 3, 1))
        with self.assertRaisesText(UserError, "has already ended"):
            over.action_confirm()
        with self.assertRaises(UserError):
            contract.action_confirm()

    def test_terminate_needs_reason_and_draft_delete_only(self):
        contract = self._create_contract()
        contract.action_confirm()
        with self.assertRaisesText(UserError, "reason"):
            contract.action_terminate()
        with self.assertRaisesText(UserError, "archive it instead"):
            contract.unlink()
        contract.termination_reason = "Customer moved to another operator"
        contract.action_terminate()
        self.assertEqual(contract.state, 'terminated')
        contract.action_draft()
        self.assertEqual(contract.state, 'draft')
        with self.assertRaisesText(UserError, "archive it instead"):
            contract.unlink()
        never_signed = self._create_contract()
        never_signed.unlink()
        self.assertFalse(never_signed.exists())

    def test_lines_and_tracking(self):
        contract = self._create_contract(line_ids=[
            Command.create({'product_id': self.service.id, 'quantity': 20, 'monthly_fee': 3000}),
            Command.create({'name': "Handsets", 'quantity': 100, 'monthly_fee': 58}),
        ])
        self.assertEqual(contract.line_ids[0].name, "Private Line 100M")
        self.assertEqual(contract.monthly_fee, 20 * 3000 + 100 * 58)
        self.env.cr.precommit.run()  # tracking is written at commit
        contract.action_confirm()
        contract.amount = 150000
        self.env.cr.precommit.run()
        tracked = self.env['mail.tracking.value'].search([
            ('mail_message_id.model', '=', 'kam.contract'),
            ('mail_message_id.res_id', '=', contract.id)]).mapped('field_id.name')
        self.assertIn('state', tracked)
        self.assertIn('amount', tracked)

    # ------------------------------------------------------------
    # Framework and call-offs
    # ------------------------------------------------------------

    def test_framework_consumed_and_calloff_bounds(self):
        framework = self._create_contract(
            title="Group private line framework", is_framework=True, amount=1000000,
            date_start=date(2025, 1, 1), date_end=date(2027, 12, 31))
        calloff = self._create_contract(
            framework_id=framework.id, partner_id=self.subsidiary.id, amount=300000,
            date_start=date(2025, 6, 1), date_end=date(2026, 12, 31))
        self._create_contract(framework_id=framework.id, amount=200000,
                              date_start=date(2025, 6, 1), date_end=date(2027, 12, 31))
        self.assertEqual(framework.calloff_count, 2)
        self.assertEqual(framework.consumed_amount, 500000)
        self.assertEqual(framework.remaining_amount, 500000)
        self.assertEqual(calloff.partner_group_id, self.account)

        count = self.Contract.search_count([])
        with self.assertRaisesText(ValidationError, "must run within its framework"):
            self._create_contract(framework_id=framework.id, date_start=date(2026, 1, 1),
                                  date_end=date(2028, 1, 31))
        with self.assertRaisesText(ValidationError, "must run within its framework"):
            calloff.date_end = date(2028, 6, 30)
        with self.assertRaisesText(ValidationError, "cannot end before"):
            framework.date_end = date(2026, 6, 30)
        with self.assertRaisesText(ValidationError, "group of its framework"):
            self._create_contract(framework_id=framework.id, partner_id=self.account_other.id)
        self.assertEqual(self.Contract.search_count([]), count, "nothing written")
        self.assertEqual(calloff.date_end, date(2026, 12, 31))

    # ------------------------------------------------------------
    # Renewal wizard
    # ------------------------------------------------------------

    def test_renewal_wizard(self):
        contract = self._create_contract(line_ids=[Command.create({
            'product_id': self.service.id, 'quantity': 10, 'monthly_fee': 3000,
            'date_start': date(2025, 7, 1), 'date_end': date(2026, 6, 30)})])
        contract.action_confirm()
        action = contract.action_renew()
        wizard = Form(self.env['kam.contract.renew.wizard'].with_context(**action['context']))
        self.assertEqual(wizard.date_start, date(2026, 7, 1))
        self.assertEqual(wizard.date_end, date(2027, 6, 30))
        wizard.amount = 130000
        result = wizard.save().action_renew()
        renewal = self.Contract.browse(result['res_id'])
        self.assertEqual(renewal.state, 'draft')
        self.assertEqual(renewal.previous_contract_id, contract)
        self.assertEqual(contract.renewal_id, renewal)
        self.assertEqual(renewal.amount, 130000)
        self.assertNotEqual(renewal.name, contract.name)
        self.assertEqual(renewal.line_ids.mapped('date_start'), [date(2026, 7, 1)])
        self.assertEqual(renewal.line_ids.mapped('date_end'), [date(2027, 6, 30)])
        self.assertEqual(contract.state, 'active', "renewed only once the renewal is confirmed")
        renewal.action_confirm()
        self.assertEqual(contract.state, 'renewed')
        wizard = self.env['kam.contract.renew.wizard'].create({'contract_id': contract.id})
        with self.assertRaises(UserError):
            wizard.action_renew()

    # ------------------------------------------------------------
    # Scanned original
    # ------------------------------------------------------------

    def test_scanned_original_type_and_size(self):
        contract = self._create_contract(original_file=base64.b64encode(PDF),
                                         original_filename="scan.pdf")
        contract.original_file = base64.b64encode(PNG)
        with self.assertRaisesText(ValidationError, "must be a PDF or an image"):
            contract.write({'original_file': base64.b64encode(b"MZ\x90\x00 not a contract"),
                            'original_filename': "virus.exe"})
        with self.assertRaisesText(ValidationError, "must be a PDF or an image"):
            self._create_contract(original_file=base64.b64encode(b"<html>hello</html>"))
        self.env['ir.config_parameter'].set_param(
            'key_account_management.contract_max_original_mb', '1')
        big = PDF + b"0" * (1024 * 1024)
        with self.assertRaisesText(ValidationError, "above the limit of 1 MB"):
            contract.original_file = base64.b64encode(big)
        self.assertEqual(base64.b64decode(contract.with_context(bin_size=False).original_file), PNG)

    # ------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------

    def test_bad_input_is_refused_and_nothing_written(self):
        count = self.Contract.search_count([])
        with self.assertRaisesText(ValidationError, "before it starts"):
            self._create_contract(date_start=date(2026, 6, 1), date_end=date(2026, 5, 1))
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._create_contract(amount=-1)
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._create_contract(line_ids=[Command.create({'name': "Lines", 'quantity': -3})])
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._create_contract(line_ids=[Command.create({'name': "Lines", 'monthly_fee': -3})])
        with self.assertRaisesText(ValidationError, "whole numbers of days"):
            self._create_contract(reminder_steps="90,sixty")
        self.assertEqual(self.Contract.search_count([]), count)
        contract = self._create_contract()
        contract.action_confirm()
        with self.assertRaisesText(ValidationError, "before it starts"):
            contract.date_end = date(2025, 1, 1)
        with self.assertRaisesText(ValidationError, "whole numbers of days"):
            contract.reminder_steps = "-30"
        self.assertEqual(contract.date_end, date(2026, 6, 30))
        self.assertEqual(contract.reminder_steps, "90,60,30")

    @mute_logger('odoo.sql_db')
    def test_duplicate_number_refused(self):
        contract = self._create_contract()
        with self.assertRaises(IntegrityError) as catcher, self.cr.savepoint():
            self._create_contract(name=contract.name)
        self.assertEqual(self.Contract._sql_error_to_message(catcher.exception),
                         "A contract number must be unique per company.")
        other_company = self.env['res.company'].create({'name': "Other Branch"})
        self._create_contract(name=contract.name, company_id=other_company.id,
                              partner_id=self._create_account("Other Branch Account").id)

    def test_settings_refuse_bad_values(self):
        with self.assertRaises(ValidationError):
            self.env['res.config.settings'].create({'kam_contract_reminder_days_2': -60})
        with self.assertRaises(ValidationError):
            self.env['res.config.settings'].create({'kam_contract_max_original_mb': 0})
        settings = self.env['res.config.settings'].create({})
        self.assertEqual((settings.kam_contract_reminder_days_1, settings.kam_contract_reminder_days_2,
                          settings.kam_contract_reminder_days_3), (90, 60, 30))
        settings.write({'kam_contract_reminder_days_1': 7, 'kam_contract_reminder_days_2': 60,
                        'kam_contract_reminder_days_3': 0})
        settings.execute()
        self.assertEqual(self.env['ir.config_parameter'].get_param(
            'key_account_management.contract_reminder_steps'), "60,7")
        self.assertEqual(self._create_contract().reminder_steps, "60,7")

    # ------------------------------------------------------------
    # Access and rollups
    # ------------------------------------------------------------

    def test_access_by_account_team(self):
        mine = self._create_contract()
        theirs = self._create_contract(partner_id=self.account_other.id)
        Contract = self.Contract.with_user(self.user_kam)
        self.assertEqual(Contract.search([('id', 'in', (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_kam).read(['title'])
        with self.assertRaises(AccessError):
            Contract.create({'title': "x", 'partner_id': self.account_other.id,
                             'date_start': date(2026, 1, 1), 'date_end': date(2026, 2, 1)})
        self.env['kam.team.member'].create({'partner_id': self.account_other.id,
                                            'user_id': self.user_kam.id})
        self.assertEqual(Contract.search([('id', 'in', (mine | theirs).ids)]), mine | theirs)
        manager = self.Contract.with_user(self.user_kam_manager)
        self.assertEqual(manager.search([('id', 'in', (mine | theirs).ids)]), mine | theirs)
        with self.assertRaises(AccessError):
            self.Contract.with_user(self.user_internal).search([])

    def test_contracts_stay_in_their_company(self):
        branch = self.env['res.company'].create({'name': "Other Branch"})
        elsewhere = self._create_contract(company_id=branch.id)
        here = self._create_contract()
        Contract = self.Contract.with_user(self.user_kam_manager)
        self.assertEqual(Contract.search([('id', 'in', (here | elsewhere).ids)]), here)
        self.user_kam_manager.company_ids |= branch
        Contract = self.Contract.with_user(self.user_kam_manager).with_context(
            allowed_company_ids=[self.company.id, branch.id])
        self.assertEqual(Contract.search([('id', 'in', (here | elsewhere).ids)]), here | elsewhere)

    def test_account_and_group_rollups(self):
        self._create_contract(amount=100000).action_confirm()
        self._create_contract(partner_id=self.subsidiary.id, amount=50000).action_confirm()
        self._create_contract(partner_id=self.subsidiary.id, amount=999)  # draft: not counted
        self.assertEqual(self.account.kam_contract_count, 1)
        self.assertEqual(self.account.kam_contract_value, 100000)
        self.assertEqual(self.account.kam_group_contract_count, 2)
        self.assertEqual(self.account.kam_group_contract_value, 150000)
        self.assertEqual(self.subsidiary.kam_group_contract_count, 1)
        self.assertEqual(self.subsidiary.kam_group_contract_value, 50000)
        action = self.account.action_kam_view_contracts()
        self.assertEqual(len(self.Contract.search(action['domain'])), 3)

        framework = self._create_contract(is_framework=True, amount=10 ** 7)
        self._create_contract(framework_id=framework.id, partner_id=self.subsidiary.id,
                              amount=20000)
        (framework | framework.calloff_ids).action_confirm()
        self.env.invalidate_all()
        self.assertEqual(self.account.kam_contract_count, 2)
        self.assertEqual(self.account.kam_contract_value, 100000,
                         "a framework counts through its call-offs, not its ceiling")
        self.assertEqual(self.account.kam_group_contract_count, 4)
        self.assertEqual(self.account.kam_group_contract_value, 170000)
