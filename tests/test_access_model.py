import importlib.util
from datetime import timedelta
from pathlib import Path

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import KamCommon

MIGRATION = Path(__file__).parent.parent / 'migrations' / '19.0.1.1.0'


class KamAccessCommon(KamCommon):
    """Two customers, each run by its own account manager: A (a group with a
    subsidiary run by the other manager) by user_kam, B by user_kam_other;
    a portal user at A, a CRM salesperson outside the Key Accounts groups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env['res.partner'])
        cls.customer_a = cls._create_account("Customer A Group", kam_manager_id=cls.user_kam.id)
        cls.subsidiary_a = cls._create_account(
            "Customer A Branch", parent_id=cls.customer_a.id, kam_manager_id=cls.user_kam_other.id)
        cls.customer_b = cls._create_account("Customer B Ltd", kam_manager_id=cls.user_kam_other.id)
        cls.director_a = cls._create_contact(
            cls.customer_a, "A IT Director", email="it@a.example.com", kam_buying_role='user',
            kam_attitude='champion')
        cls.finance_a = cls._create_contact(
            cls.customer_a, "A Finance Manager", kam_buying_role='blocker', kam_attitude='opponent',
            kam_influence=4)
        cls.buyer_b = cls._create_contact(
            cls.customer_b, "B Buyer", phone="+86 21 5555 0101", email="buyer@b.example.com",
            function="Purchasing Head", kam_buying_role='decision_maker')
        cls.portal_a = new_test_user(cls.env, login='kam_portal_access_a', groups='base.group_portal',
                                     partner_id=cls.director_a.id)
        cls.salesperson = new_test_user(
            cls.env, login='kam_crm_salesperson', name="CRM Salesperson",
            groups='sales_team.group_sale_salesman')
        cls.dates = {'date_start': cls.today - timedelta(days=10),
                     'date_end': cls.today + timedelta(days=300)}

    @classmethod
    def _contract(cls, partner, **vals):
        return cls.env['kam.contract'].create(dict(
            {'title': f"Contract of {partner.name}", 'partner_id': partner.id, 'amount': 1000},
            **cls.dates, **vals))


@tagged('post_install', '-at_install')
class TestPartnersStayVisible(KamAccessCommon):
    """No record rule on partners: Odoo's core flows keep working on key accounts."""

    def test_no_record_rule_on_partners(self):
        self.assertFalse(self.env['ir.rule'].search([('model_id.model', '=', 'res.partner'),
                                                     ('name', 'ilike', 'key account')]))
        for user in (self.user_internal, self.salesperson, self.user_kam):
            self.assertIn(self.buyer_b, self.env['res.partner'].with_user(user).search(
                [('id', '=', self.buyer_b.id)]))

    def test_salesperson_works_on_a_lead_of_a_key_account(self):
        lead = self.env['crm.lead'].create({
            'name': "Office 5G for B", 'type': 'opportunity', 'partner_id': self.buyer_b.id,
            'user_id': self.salesperson.id})
        lead = lead.with_user(self.salesperson)
        values = lead.web_read({'partner_id': {'fields': {'display_name': {}}}, 'phone': {},
                                'email_from': {}, 'contact_name': {}})[0]
        self.assertEqual(values['partner_id']['display_name'], "Customer B Ltd, B Buyer")
        # the chatter loads, suggests the customer and takes a message to him
        suggested = lead._message_get_suggested_recipients(reply_discussion=True, no_create=True)
        self.assertIn(self.buyer_b.id, [r['partner_id'] for r in suggested])
        message = lead.message_post(body="Offer attached", partner_ids=self.buyer_b.ids,
                                    message_type='comment')
        self.assertEqual(message.partner_ids, self.buyer_b)
        # he picks the customer on a new lead
        Lead = self.env['crm.lead'].with_user(self.salesperson)
        self.assertIn(self.customer_b, Lead.env['res.partner'].search(
            [('name', 'ilike', 'Customer B')]))
        new = Lead.create({'name': "Second lead", 'partner_id': self.customer_b.id})
        self.assertEqual(new.partner_id, self.customer_b)
        # the contact's own chatter loads too
        self.assertTrue(self.buyer_b.with_user(self.salesperson).message_ids.ids is not None)

    def test_partner_form_loads_for_users_outside_the_app(self):
        for user in (self.user_internal, self.salesperson):
            Partner = self.env['res.partner'].with_user(user)
            views = Partner.get_views([(False, 'form')])
            arch = views['views']['form']['arch']
            self.assertNotIn('kam_tier_id', arch)
            fnames = views['models']['res.partner']['fields']
            spec = {fname: {} for fname, desc in fnames.items()
                    if desc['type'] not in ('one2many', 'many2many', 'many2one')}
            self.assertTrue(Partner.browse(self.customer_b.id).web_read(spec))
            self.assertTrue(Partner.browse(self.buyer_b.id).web_read(spec))


@tagged('post_install', '-at_install')
class TestKeyAccountDataConfidential(KamAccessCommon):

    def test_portal_user_reads_no_decision_map(self):
        Partner = self.env['res.partner'].with_user(self.portal_a)
        colleagues = Partner.search_read(
            [('parent_id', '=', self.customer_a.id), ('is_company', '=', False)],
            ['name', 'email', 'function'])
        self.assertEqual({c['id'] for c in colleagues}, {self.director_a.id, self.finance_a.id})
        readable = Partner.fields_get()
        self.assertFalse({'kam_buying_role', 'kam_attitude', 'kam_influence', 'kam_tier_id',
                          'kam_reports_to_id', 'kam_last_contact_date'} & set(readable))
        for fname in ('kam_buying_role', 'kam_attitude', 'kam_influence', 'kam_tier_id',
                      'kam_monthly_revenue', 'kam_team_member_ids'):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                Partner.search_read([('id', '=', self.finance_a.id)], [fname])
        with self.assertRaises(AccessError):
            Partner.search([('kam_attitude', '=', 'opponent')])

    def test_portal_user_reads_no_internal_contract_data(self):
        contract = self._contract(self.customer_a, note="<p>Discount approved by the CFO</p>")
        contract.action_confirm()
        Contract = self.env['kam.contract'].with_user(self.portal_a)
        values = Contract.search_read([('id', '=', contract.id)], ['name', 'title'])[0]
        self.assertEqual(values['name'], contract.name)
        readable = Contract.fields_get()
        for fname in ('note', 'reminder_ids', 'reminder_steps', 'kam_user_ids',
                      'termination_reason'):
            self.assertNotIn(fname, readable)
            with self.subTest(field=fname), self.assertRaises(AccessError):
                contract.with_user(self.portal_a).read([fname])

    def test_employee_outside_the_app_reads_no_key_account_data(self):
        account = self.customer_b.with_user(self.user_internal)
        self.assertEqual(account.name, "Customer B Ltd")
        for fname in ('kam_tier_id', 'kam_handset_count', 'kam_group_monthly_revenue',
                      'kam_archive_completeness', 'kam_contract_count'):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                account.read([fname])


@tagged('post_install', '-at_install')
class TestWhoWorksOnAnAccount(KamAccessCommon):

    def test_users_read_every_account_and_change_their_own(self):
        theirs = self.customer_b.with_user(self.user_kam)
        self.assertEqual(theirs.read(['kam_handset_count'])[0]['kam_handset_count'], 0)
        with self.assertRaises(AccessError):
            theirs.write({'kam_handset_count': 10})
        with self.assertRaises(AccessError):
            self.buyer_b.with_user(self.user_kam).write({'kam_attitude': 'opponent'})
        with self.assertRaises(AccessError):
            self.env['res.partner'].with_user(self.user_kam).create({
                'name': "Planted contact", 'parent_id': self.customer_b.id,
                'kam_buying_role': 'blocker'})
        self.customer_a.with_user(self.user_kam).write({'kam_handset_count': 42})
        self.assertEqual(self.customer_a.kam_handset_count, 42)
        self.assertEqual(self.customer_b.kam_handset_count, 0)
        # a team member changes the account, a Key Accounts Manager all
        self.customer_b.kam_team_member_ids = [Command.create({'user_id': self.user_kam.id})]
        theirs.write({'kam_handset_count': 10})
        self.customer_b.with_user(self.user_kam_manager).write({'kam_handset_count': 11})
        self.assertEqual(self.customer_b.kam_handset_count, 11)

    def test_nobody_enrols_himself(self):
        Member = self.env['kam.team.member'].with_user(self.user_kam)
        with self.assertRaises(AccessError):
            Member.create({'partner_id': self.customer_b.id, 'user_id': self.user_kam.id})
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.user_kam).write({'kam_team_member_ids': [
                Command.create({'user_id': self.user_kam.id})]})
        self.assertFalse(self.customer_b.kam_team_member_ids)
        self.assertFalse(self.env['kam.contract'].with_user(self.user_kam).search(
            [('partner_id', '=', self.customer_b.id)]))
        # the account's manager adds him; as a member he cannot add others
        member = self.env['kam.team.member'].with_user(self.user_kam_other).create(
            {'partner_id': self.customer_b.id, 'user_id': self.user_kam.id})
        with self.assertRaises(AccessError):
            Member.create({'partner_id': self.customer_b.id, 'user_id': self.user_internal.id})
        with self.assertRaises(AccessError):
            member.with_user(self.user_kam).write({'role': 'other'})
        self.assertEqual(Member.search([('partner_id', '=', self.customer_b.id)]), member)
        # the Key Accounts Manager adds and removes anyone
        self.env['kam.team.member'].with_user(self.user_kam_manager).create(
            {'partner_id': self.customer_b.id, 'user_id': self.user_internal.id})
        member.with_user(self.user_kam_manager).unlink()

    def test_no_contract_or_project_on_a_foreign_account(self):
        Contract = self.env['kam.contract'].with_user(self.user_kam)
        with self.assertRaises(AccessError):
            contract = Contract.create({
                'title': "Planted", 'partner_id': self.customer_b.id, 'user_id': self.user_kam.id,
                **self.dates})
            contract.action_confirm()
        self.assertFalse(self.env['kam.contract'].search([('title', '=', "Planted")]))
        with self.assertRaises(AccessError):
            self.env['kam.project'].with_user(self.user_kam).create({
                'name': "Planted project", 'partner_id': self.customer_b.id,
                'user_id': self.user_kam.id})
        # moving one's own contract onto a foreign account is refused as well
        mine = Contract.create({'title': "Mine", 'partner_id': self.customer_a.id, **self.dates})
        with self.assertRaises(AccessError):
            mine.write({'partner_id': self.customer_b.id})

    def test_account_users_follow_the_account(self):
        contract = self._contract(self.customer_b)
        project = self.env['kam.project'].create({'name': "B rollout", 'partner_id': self.customer_b.id})
        Contract = self.env['kam.contract'].with_user(self.user_kam)
        self.assertFalse(Contract.search([('id', '=', contract.id)]))
        self.customer_b.kam_manager_id = self.user_kam
        self.assertEqual(Contract.search([('id', '=', contract.id)]), contract)
        self.assertEqual(self.env['kam.project'].with_user(self.user_kam).search(
            [('id', '=', project.id)]), project)
        self.assertFalse(self.env['kam.contract'].with_user(self.user_kam_other).search(
            [('id', '=', contract.id)]))

    def test_team_changes_reach_the_rules_at_once(self):
        contract = self._contract(self.customer_b)
        service = self.env['kam.contract.line'].create(
            {'contract_id': contract.id, 'name': "Fibre", 'quantity': 1, 'monthly_fee': 10})
        Contract = self.env['kam.contract'].with_user(self.user_kam)
        Line = self.env['kam.contract.line'].with_user(self.user_kam)
        # his rules are computed (and cached) before he joins the team
        self.assertFalse(Contract.search([('id', '=', contract.id)]))
        member = self.env['kam.team.member'].create(
            {'partner_id': self.customer_b.id, 'user_id': self.user_kam.id})
        self.assertEqual(Contract.search([('id', '=', contract.id)]), contract)
        self.assertEqual(Line.search([('id', '=', service.id)]), service)
        contract.with_user(self.user_kam).write({'title': "Served by the team"})
        # moved to another account's team, then off every team: no more access
        member.partner_id = self.subsidiary_a
        self.assertFalse(Contract.search([('id', '=', contract.id)]))
        member.partner_id = self.customer_b
        self.assertEqual(Contract.search([('id', '=', contract.id)]), contract)
        member.unlink()
        self.assertFalse(Contract.search([('id', '=', contract.id)]))
        self.assertFalse(Line.search([('id', '=', service.id)]))
        with self.assertRaises(AccessError):
            contract.with_user(self.user_kam).write({'title': "Not his any more"})
        self.assertEqual(contract.kam_account_id, self.customer_b)

    def test_rules_use_the_records_own_columns(self):
        rules = self.env['ir.rule'].search([('model_id.model', 'like', 'kam.')])
        self.assertTrue(rules)
        for rule in rules:
            self.assertNotRegex(rule.domain_force, r"'[\w.]*commercial_partner_id\.", rule.name)
            # a path on the record is joined in SQL; user.… values are read once in Python
            self.assertNotRegex(rule.domain_force, r"'[\w.]*partner_id\.kam_", rule.name)

    def test_menus_open_on_my_accounts(self):
        for xmlid in ('res_partner_action_key_accounts', 'kam_contract_action', 'kam_project_action'):
            action = self.env.ref(f'key_account_management.{xmlid}')
            self.assertRegex(action.context, r"search_default_my_(team_)?accounts")

    def test_users_export(self):
        self.assertTrue(self.user_kam.has_group('base.group_allow_export'))

    def test_counts_agree_with_lists(self):
        self._contract(self.customer_a).action_confirm()
        self._contract(self.subsidiary_a).action_confirm()  # run by the other manager
        account = self.customer_a.with_user(self.user_kam)
        action = account.action_kam_view_contracts()
        listed = self.env['kam.contract'].with_user(self.user_kam).search(
            action['domain'] + [('state', 'in', ('active', 'expiring'))])
        self.assertEqual(len(listed), 1)
        self.assertEqual(account.kam_group_contract_count, len(listed))
        self.assertEqual(account.kam_group_contract_value, 2000, "values are totals")
        self.assertEqual(self.customer_a.with_user(self.user_kam_manager).kam_group_contract_count, 2)


@tagged('post_install', '-at_install')
class TestKeyAccountDeletion(KamAccessCommon):

    def test_only_managers_delete_key_accounts_without_documents(self):
        lonely = self._create_account("Lonely Ltd", kam_manager_id=self.user_kam.id)
        with self.assertRaisesText(UserError, "Only a Key Accounts Manager"):
            lonely.with_user(self.user_kam).unlink()
        self._contract(self.customer_b)
        with self.assertRaisesText(UserError, "archive it instead"):
            self.customer_b.with_user(self.user_kam_manager).unlink()
        lonely.with_user(self.user_kam_manager).unlink()
        self.assertFalse(lonely.exists())

    def test_users_do_not_merge_key_accounts(self):
        twin = self._create_account("Customer A Group (twin)", kam_manager_id=self.user_kam.id)
        # the wizard merges as superuser on behalf of the user
        wizard = self.env['base.partner.merge.automatic.wizard'].with_user(self.user_kam).sudo()
        with self.assertRaisesText(UserError, "Only a Key Accounts Manager"):
            wizard._merge((twin | self.customer_a).ids, self.customer_a)
        self.assertTrue(twin.exists())

    def test_old_partner_rules_removed_on_upgrade(self):
        rule = self.env['ir.rule'].create({
            'name': "old rule", 'model_id': self.env['ir.model']._get_id('res.partner'),
            'domain_force': "[('commercial_partner_id.kam_is_key_account', '=', False)]"})
        self.env['ir.model.data'].create({
            'module': 'key_account_management', 'name': 'res_partner_rule_kam_own_team',
            'model': 'ir.rule', 'res_id': rule.id, 'noupdate': True})
        sequence = self.env.ref('key_account_management.seq_kam_contract')
        sequence.implementation = 'standard'
        for script in ('pre-migrate.py', 'post-migrate.py'):
            spec = importlib.util.spec_from_file_location('kam_migration', MIGRATION / script)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.migrate(self.env.cr, '19.0.1.0.0')
        self.env.invalidate_all()
        self.assertFalse(rule.exists())
        self.assertEqual(sequence.implementation, 'no_gap')
        self.assertFalse(self.env['ir.model.data'].search([
            ('module', '=', 'key_account_management'), ('model', '=', 'ir.rule'),
            ('noupdate', '=', True)]), "the rules are updated with the module from now on")


@tagged('post_install', '-at_install')
class TestIntegrity(KamAccessCommon):

    def test_states_move_only_through_actions(self):
        Contract = self.env['kam.contract'].with_user(self.user_kam)
        with self.assertRaisesText(UserError, "only through its buttons"):
            Contract.create({'title': "Born active", 'partner_id': self.customer_a.id,
                             'state': 'active', **self.dates})
        contract = Contract.create({'title': "Normal", 'partner_id': self.customer_a.id,
                                    **self.dates})
        with self.assertRaisesText(UserError, "only through its buttons"):
            contract.write({'state': 'active'})
        contract.action_confirm()
        self.assertEqual(contract.state, 'active')
        self.assertEqual(contract.signing_date, self.today)
        with self.assertRaisesText(UserError, "only through its buttons"):
            contract.write({'state': 'draft'})
        with self.assertRaisesText(UserError, "only through its buttons"):
            contract.write({'kam_ever_confirmed': False})
        project = self.env['kam.project'].with_user(self.user_kam).create(
            {'name': "P", 'partner_id': self.customer_a.id})
        with self.assertRaisesText(UserError, "only through its buttons"):
            project.write({'stage': 'done'})
        self.assertTrue(project.action_start())
        self.assertEqual(project.stage, 'in_progress')

    def test_confirmed_documents_are_archived_not_deleted(self):
        contract = self._contract(self.customer_a, termination_reason="Moved away")
        contract.action_confirm()
        contract.action_terminate()
        contract.action_draft()
        self.assertEqual(contract.state, 'draft')
        with self.assertRaisesText(UserError, "archive it instead"):
            contract.with_user(self.user_kam).unlink()
        contract.with_user(self.user_kam).action_archive()
        self.assertFalse(contract.active)
        project = self.env['kam.project'].create({'name': "P", 'partner_id': self.customer_a.id})
        project.action_start()
        project.action_reset_draft()
        with self.assertRaisesText(UserError, "archive it instead"):
            project.with_user(self.user_kam_manager).unlink()
        draft = self._contract(self.customer_a)
        draft.with_user(self.user_kam).unlink()
        self.assertFalse(draft.exists())

    def test_contract_partner_is_a_key_account_company(self):
        person = self._create_contact(self.customer_a, "Some Person")
        plain = self.env['res.partner'].create({'name': "Plain Supplier", 'is_company': True})
        for partner in (person, plain):
            with self.subTest(partner=partner.name), \
                    self.assertRaisesText(ValidationError, "key-account companies only"):
                self._contract(partner)

    def test_reparenting_keeps_calloffs_in_their_group(self):
        framework = self._contract(self.customer_a, is_framework=True, amount=10 ** 6)
        calloff = self._contract(self.subsidiary_a, framework_id=framework.id)
        with self.assertRaisesText(ValidationError, "cannot move to another group"):
            self.subsidiary_a.parent_id = self.customer_b
        self.assertEqual(self.subsidiary_a.parent_id, self.customer_a)
        self.assertEqual(calloff.partner_id.kam_group_id, framework.partner_id.kam_group_id)
        # moving within the group, or a company without call-offs, is fine
        lone = self._create_account("Lone Ltd", parent_id=self.customer_a.id)
        lone.parent_id = self.customer_b

    def test_errors_name_no_foreign_record(self):
        secret = self._contract(self.customer_b, title="Secret frame deal", is_framework=True,
                                amount=10 ** 6)
        Contract = self.env['kam.contract'].with_user(self.user_kam)
        with self.assertRaises(ValidationError) as catcher:
            Contract.create({'title': "Call-off", 'partner_id': self.customer_a.id,
                             'framework_id': secret.id, **self.dates})
        message = str(catcher.exception)
        for text in (secret.name, "Secret frame deal", "Customer B", str(secret.date_end)):
            self.assertNotIn(text, message)
        with self.assertRaises(ValidationError) as catcher:
            self.env['kam.project'].with_user(self.user_kam).create({
                'name': "P", 'partner_id': self.customer_a.id, 'contract_id': secret.id})
        message = str(catcher.exception)
        self.assertNotIn(secret.name, message)
        self.assertNotIn("Secret frame deal", message)

    def test_numbers_have_no_gaps(self):
        Contract = self.env['kam.contract'].with_user(self.user_kam)
        first = Contract.create({'title': "One", 'partner_id': self.customer_a.id, **self.dates})
        with self.assertRaises(ValidationError):
            Contract.create({'title': "Bad dates", 'partner_id': self.customer_a.id,
                             'date_start': self.today, 'date_end': self.today - timedelta(days=1)})
        with self.assertRaises(AccessError):
            Contract.create({'title': "Foreign", 'partner_id': self.customer_b.id, **self.dates})
        second = Contract.create({'title': "Two", 'partner_id': self.customer_a.id, **self.dates})
        self.assertEqual(int(second.name.rsplit('/', 1)[1]), int(first.name.rsplit('/', 1)[1]) + 1)
        Project = self.env['kam.project'].with_user(self.user_kam)
        one = Project.create({'name': "One", 'partner_id': self.customer_a.id})
        with self.assertRaises(AccessError):
            Project.create({'name': "Foreign", 'partner_id': self.customer_b.id})
        two = Project.create({'name': "Two", 'partner_id': self.customer_a.id})
        self.assertEqual(int(two.reference.rsplit('/', 1)[1]),
                         int(one.reference.rsplit('/', 1)[1]) + 1)

    def test_one_line_per_department_and_project(self):
        department = self.env['hr.department'].create({'name': "Network"})
        project = self.env['kam.project'].create({
            'name': "P", 'partner_id': self.customer_a.id,
            'task_ids': [Command.create({'department_id': department.id})]})
        with mute_logger('odoo.sql_db'), self.assertRaises(IntegrityError):
            project.task_ids = [Command.create({'department_id': department.id})]
            project.flush_recordset()


@tagged('post_install', '-at_install')
class TestTokenNeverShowsDraft(HttpCase, KamAccessCommon):

    def test_contract_sent_back_to_draft(self):
        contract = self._contract(self.customer_a, title="Token deal",
                                  termination_reason="Wrong terms")
        contract.action_confirm()
        token = contract._portal_ensure_token()
        url = f'/my/contracts/{contract.id}?access_token={token}'
        self.assertIn("Token deal", self.url_open(url).text)
        contract.action_terminate()
        contract.action_draft()
        response = self.url_open(url)
        self.assertNotIn(f'/my/contracts/{contract.id}', response.url)
        self.assertNotIn("Token deal", response.text)
        # even with the draft's own token
        response = self.url_open(
            f'/my/contracts/{contract.id}?access_token={contract._portal_ensure_token()}')
        self.assertNotIn("Token deal", response.text)

    def test_project_sent_back_to_draft(self):
        project = self.env['kam.project'].create({'name': "Token project",
                                                  'partner_id': self.customer_a.id})
        project.action_start()
        token = project._portal_ensure_token()
        url = f'/my/kam_projects/{project.id}?access_token={token}'
        self.assertIn("Token project", self.url_open(url).text)
        project.action_reset_draft()
        response = self.url_open(url)
        self.assertNotIn("Token project", response.text)
        response = self.url_open(
            f'/my/kam_projects/{project.id}?access_token={project._portal_ensure_token()}')
        self.assertNotIn("Token project", response.text)


@tagged('post_install', '-at_install')
class TestAccountFieldHelp(KamCommon):

    def test_every_account_field_says_what_it_is(self):
        magic = {'id', 'display_name', 'create_uid', 'create_date', 'write_uid', 'write_date'}
        fields_ = [field for field in self.env['res.partner']._fields.values()
                   if field.name.startswith('kam_')]
        fields_ += [field for name, field in self.env['kam.team.member']._fields.items()
                    if name not in magic]
        missing = [f"{field.model_name}.{field.name}" for field in fields_ if not field.help]
        self.assertFalse(missing, "fields without help")


@tagged('post_install', '-at_install')
class TestRuleCost(KamAccessCommon):

    def test_account_managers_list_costs_what_a_managers_costs(self):
        self.env['kam.contract'].create([{
            'title': f"Bulk {i}", 'partner_id': (self.customer_a if i % 2 else self.customer_b).id,
            **self.dates} for i in range(60)])
        page = self._contract_page_queries

        # both pages are full (30 contracts of his): both count the rest
        mine_one, mine_many = page(self.user_kam, 1), page(self.user_kam, 20)
        self.assertEqual(mine_one, mine_many, "the page costs the same for 1 or 20 contracts")
        self.assertLessEqual(mine_many, page(self.user_kam_manager, 20) + 1)
        self.assertEqual(len(self.env['kam.contract'].with_user(self.user_kam).search(
            [('title', '=like', 'Bulk %')])), 30)
