import base64
import inspect
import re
from datetime import timedelta

from .common_integration import MODULE, KamIntegrationCommon, addon_models, stepped


class TestIntegrationActions(KamIntegrationCommon):
    """Every public action_* of the addon returns True or an action, never None
    (None cannot be marshalled by XML-RPC: the call commits, then faults)."""

    def _calls(self):
        """(model, method) -> a function calling it on fresh records in the
        state the action starts from."""
        return {**self._calls_core(), **self._calls_back_office(), **self._calls_numbers(),
                **self._calls_acquisition(), **self._calls_steps(), **self._calls_appraisal(),
                **self._calls_signup(), **self._calls_data_protection(),
                **self._calls_merge(), **self._calls_privacy()}

    def _calls_signup(self):
        """Public sign-ups: verified, qualified into a grid, converted or rejected."""
        region = self.env['kam.region'].create({'name': "Signup City", 'level': 'city',
                                                'city': "Signup City"})
        grid = self.env['kam.grid'].create({'name': "Signup Grid", 'code': 'SGN-01',
                                            'region_id': region.id, 'manager_id': self.user_kam.id})
        codes = iter(['91330106MA251GN01P', '91330106MA251GN02T', '91330106MA251GN03X',
                      '91330106MA251GN041'])
        mobiles = iter(range(1000))

        def application(*steps, **vals):
            mobile = f"1390571{next(mobiles):04d}"
            record = self.env['kam.signup.request'].sudo()._kam_submit({
                'name': f"Signup Org {mobile}", 'uscc': next(codes), 'contact_name': "Applicant",
                'mobile': mobile, 'city': "Signup City"}, '192.0.2.1')
            sms = self.env['sms.sms'].sudo().search([('number', '=', mobile)], limit=1)
            record._kam_verify(re.search(r'\d{6}', sms.body).group())
            record = record.with_user(self.user_kam_manager)
            record.write(dict({'grid_id': grid.id}, **vals))
            return stepped(record, steps)

        return {
            ('kam.signup.request', 'action_qualify'): lambda: application().action_qualify(),
            ('kam.signup.request', 'action_convert'):
                lambda: application('action_qualify').action_convert(),
            ('kam.signup.request', 'action_reject'):
                lambda: application(reject_reason="Out of area").action_reject(),
            ('kam.signup.request', 'action_view_census_entry'):
                lambda: application('action_qualify').action_view_census_entry(),
        }

    def _calls_data_protection(self):
        """Consents to marketing SMS and a person's data requests."""
        mobiles = iter(range(13900000300, 13900000400))

        def member(*steps):
            record = self.env['kam.member'].create({
                'name': "Consenting Member", 'mobile': str(next(mobiles)),
                'partner_id': self.account.id})
            return stepped(record, steps)

        def consent():
            return self.env['kam.sms.consent'].create({'number': str(next(mobiles))})

        def request(*steps, **vals):
            record = self.env['kam.data.request'].create(dict({
                'requester_number': str(next(mobiles))}, **vals))
            return stepped(record, steps)

        def line():
            found = request()
            self.env['kam.sms.consent'].create({'number': found.requester_number})
            found.action_find()
            return found.line_ids[:1]

        return {
            ('kam.member', 'action_kam_give_consent'): lambda: member().action_kam_give_consent(),
            ('kam.member', 'action_kam_withdraw_consent'):
                lambda: member('action_kam_give_consent').action_kam_withdraw_consent(),
            ('kam.sms.consent', 'action_withdraw'): lambda: consent().action_withdraw(),
            ('kam.data.request', 'action_find'): lambda: request().action_find(),
            ('kam.data.request', 'action_export'): lambda: request('action_find').action_export(),
            ('kam.data.request', 'action_erase'):
                lambda: request('action_find', kind='erasure').action_erase(),
            ('kam.data.request', 'action_cancel'): lambda: request().action_cancel(),
            ('kam.data.request', 'action_reset_draft'):
                lambda: request('action_cancel').action_reset_draft(),
            ('kam.data.request.line', 'action_view_records'): lambda: line().action_view_records(),
        }

    def _calls_merge(self):
        """Duplicate organisations: the merge wizard opened on a company and
        its duplicates, from the company and from the census."""
        region = self.env['kam.region'].create({'name': "Merge City", 'level': 'city'})
        grid = self.env['kam.grid'].create({'name': "Merge Grid", 'code': 'MRG-01',
                                            'region_id': region.id, 'manager_id': self.user_kam.id})
        twin = self.env['res.partner'].create({'name': "Coastal Port Group Co., Ltd.",
                                               'is_company': True})
        entry = self.env['kam.census.entry'].create({
            'name': "Coastal Port Group 有限公司", 'grid_id': grid.id, 'partner_id': twin.id})
        return {
            ('res.partner', 'action_kam_merge_duplicates'): self.account.action_kam_merge_duplicates,
            ('kam.census.entry', 'action_merge_duplicates'): entry.action_merge_duplicates,
        }

    def _calls_privacy(self):
        """Show on a masked number: a member's mobile, a contact's phone."""
        member = self.env['kam.member'].create({
            'name': "成员", 'mobile': '13805718888', 'partner_id': self.account.id})
        contact = self.env['res.partner'].create({
            'name': "联系人", 'parent_id': self.account.id, 'phone': '13805717777'})
        return {
            ('kam.member', 'action_kam_reveal_phone'): member.action_kam_reveal_phone,
            ('res.partner', 'action_kam_reveal_phone'): contact.action_kam_reveal_phone,
        }

    def _calls_acquisition(self):
        """Grids and the census: an organisation from identified to a key account."""
        region = self.env['kam.region'].create({'name': "Actions City", 'level': 'city'})
        grid = self.env['kam.grid'].create({'name': "Actions Grid", 'code': 'ACT-01',
                                            'region_id': region.id, 'manager_id': self.user_kam.id})
        names = iter(range(1000))

        def entry(*steps, **vals):
            record = self.env['kam.census.entry'].create(dict({
                'name': f"Actions Org {next(names)}", 'grid_id': grid.id, 'city': "Hangzhou",
                'industry_id': self.account.kam_industry_id.id, 'size': 'small'}, **vals))
            return stepped(record, steps)

        return {
            ('kam.grid', 'action_view_census'): grid.action_view_census,
            ('kam.census.entry', 'action_contact'): lambda: entry().action_contact(),
            ('kam.census.entry', 'action_qualify'): lambda: entry().action_qualify(),
            ('kam.census.entry', 'action_convert'): lambda: entry('action_qualify').action_convert(),
            ('kam.census.entry', 'action_lose'): lambda: entry(lost_reason="No budget").action_lose(),
            ('kam.census.entry', 'action_reopen'):
                lambda: entry('action_lose', lost_reason="No budget").action_reopen(),
            ('kam.census.entry', 'action_file'):
                lambda: entry(uscc='91350100M000100Y43').action_file(),
            ('kam.census.entry', 'action_view_partner'):
                lambda: entry('action_qualify', 'action_convert').action_view_partner(),
        }

    def _calls_steps(self):
        """Provisioning steps of a new install, closed by the department."""
        department = self.env['hr.department'].create({'name': "Network Operations"})
        install = self.env.ref(f'{MODULE}.kam_service_request_type_install')
        self.env['kam.step.template'].create({
            'type_id': install.id, 'name': "Site Survey", 'department_id': department.id,
            'sla_value': 2, 'sla_unit': 'days'})
        reason = self.env.ref(f'{MODULE}.kam_delay_reason_customer')
        line = self.env['product.product'].create({'name': "Private Line", 'type': 'service'})

        def step():
            order = self.env['kam.service.request'].create({
                'type_id': install.id, 'partner_id': self.account.id,
                'contact_phone': '13805710001', 'date_requested': self.today,
                'line_ids': [(0, 0, {'operation': 'install', 'product_id': line.id})]})
            order.action_submit()
            order.step_ids.delay_reason_id = reason
            return order.step_ids

        return {
            ('kam.service.request.step', 'action_start'): lambda: step().action_start(),
            ('kam.service.request.step', 'action_block'): lambda: step().action_block(),
            ('kam.service.request.step', 'action_close'): lambda: step().action_close(),
        }

    def _calls_appraisal(self):
        """Agents' fee statements and ranking, seed checks, verified numbers."""
        agent = self.env['res.partner'].create({'name': "Fee Channel Co", 'is_company': True,
                                                'kam_is_agent': True})
        self.env['kam.agent.agreement'].create({
            'agent_id': agent.id, 'date_start': self.today - timedelta(days=90),
            'date_end': self.today + timedelta(days=365), 'commission_rate': 5}).action_activate()
        month = self.today.replace(day=1)

        def statement(*steps):
            Statement = self.env['kam.agent.statement']
            Statement.search([('agent_id', '=', agent.id)]).sudo().write({'state': 'draft'})
            return stepped(Statement._kam_generate(month, self.env.company), steps)

        def member():
            return self.env['kam.member'].create({
                'name': "成员", 'mobile': '13805719999', 'partner_id': self.account.id})

        return {
            ('kam.agent.statement', 'action_confirm'): lambda: statement().action_confirm(),
            ('kam.agent.statement', 'action_reset_draft'):
                lambda: statement('action_confirm').action_reset_draft(),
            ('kam.agent.statement', 'action_recompute'): lambda: statement().action_recompute(),
            ('kam.agent.ranking', 'action_rank'): self.env['kam.agent.ranking'].action_rank,
            ('kam.seed.check', 'action_kam_open'): self.env['kam.seed.check'].action_kam_open,
            ('kam.member', 'action_kam_verify_number'): lambda: member().action_kam_verify_number(),
        }

    def _calls_back_office(self):
        """Tariff applications, from draft through the department head's
        approval to a contract."""
        service = self.env['product.product'].create({
            'name': "Private Line 100M", 'type': 'service', 'list_price': 3000,
            'kam_is_service': True})

        def application():
            return self.env['kam.tariff.application'].with_user(self.user_kam).create({
                'subject': "Private lines against the competitor", 'partner_id': self.account.id,
                'date_start': self.today, 'date_end': self.today + timedelta(days=700),
                'justification': "The competitor offers 10 % less.",
                'line_ids': [(0, 0, {'product_id': service.id, 'quantity': 2,
                                     'proposed_price': 2700})]})

        def approved():
            # 10 % off: the department head's level only
            record = stepped(application(), ['action_submit'])
            record.with_user(self.user_kam_manager).validate_tier()
            return record

        return {
            ('kam.tariff.application', 'action_submit'): lambda: application().action_submit(),
            ('kam.tariff.application', 'action_cancel'): lambda: application().action_cancel(),
            ('kam.tariff.application', 'action_draft'):
                lambda: stepped(application(), ['action_cancel']).action_draft(),
            ('kam.tariff.application', 'action_make_contract'):
                lambda: approved().action_make_contract(),
            ('kam.tariff.application', 'action_view_contract'):
                lambda: stepped(approved(), ['action_make_contract']).action_view_contract(),
        }

    def _calls_numbers(self):
        """Billing, targets and scorecards."""
        Target = self.env['kam.target']
        month = self.today.replace(day=1)

        years = iter(range(self.today.year + 5, self.today.year + 50))

        def target():
            # a year of its own each: targets of one unit and KPI never overlap
            return Target.create({'kpi': 'revenue', 'level': 'company', 'period_type': 'year',
                                  'date_start': self.today.replace(month=1, day=1, year=next(years)),
                                  'target_value': 1000, 'company_id': self.env.company.id})

        def split_wizard():
            return self.env['kam.target.split.wizard'].with_context(
                default_target_id=target().id).create({})

        def billing_wizard():
            self.account.kam_external_ref = self.account.kam_external_ref or 'CUST-ACTIONS'
            last_month = (month - timedelta(days=1)).strftime('%Y-%m')
            csv_file = (f"customer_ref,month,service_code,revenue\n"
                        f"{self.account.kam_external_ref},{last_month},VOICE,1000\n")
            return self.env['kam.billing.import.wizard'].create({
                'kind': 'line', 'file': base64.b64encode(csv_file.encode()),
                'filename': 'billing.csv'})

        def scorecard():
            self.env['kam.scorecard'].search([('month', '=', month)]).unlink()
            self.env['kam.scorecard']._kam_build(month, self.user_kam, self.env.company)
            return self.env['kam.scorecard'].search(
                [('month', '=', month), ('user_id', '=', self.user_kam.id)]).with_user(
                self.user_kam_manager)

        return {
            ('res.partner', 'action_kam_view_billing'): self.account.action_kam_view_billing,
            ('res.partner', 'action_kam_view_arrears'): self.account.action_kam_view_arrears,
            ('res.partner', 'action_kam_open_contact_profile'): lambda: self.env['res.partner'].create({
                'name': "Profiled Contact", 'parent_id': self.account.id,
            }).with_user(self.account.kam_manager_id).action_kam_open_contact_profile(),
            ('kam.billing.import.wizard', 'action_import'): lambda: billing_wizard().action_import(),
            ('kam.billing.import.wizard', 'action_refresh'): lambda: billing_wizard().action_refresh(),
            ('kam.target', 'action_split'): lambda: target().action_split(),
            ('kam.target', 'action_view_parts'): lambda: target().action_view_parts(),
            ('kam.target', 'action_refresh_achievement'): lambda: target().action_refresh_achievement(),
            ('kam.target.split.wizard', 'action_split'): lambda: split_wizard().action_split(),
            ('kam.scorecard', 'action_recompute'): lambda: scorecard().action_recompute(),
            ('kam.scorecard', 'action_sign_off'): lambda: scorecard().action_sign_off(),
        }

    def _calls_core(self):
        Wizard = self.env['kam.contract.renew.wizard']

        def running():
            contract = self._contract()
            contract.action_confirm()
            return contract

        def terminated():
            contract = running()
            contract.termination_reason = "Customer moved to another operator"
            contract.action_terminate()
            return contract

        def in_progress():
            project = self._project()
            project.action_start()
            return project

        def cancelled():
            project = self._project()
            project.action_cancel()
            return project

        def with_reason(contract):
            contract.termination_reason = "Customer moved to another operator"
            return contract

        mobiles = iter(range(13900000100, 13900000200))

        def member():
            return self.env['kam.member'].create({
                'name': "Member", 'mobile': str(next(mobiles)), 'partner_id': self.account.id})

        def suspended():
            enrolled = member()
            enrolled.action_suspend()
            return enrolled

        service = self.env['product.product'].create({
            'name': "Cloud Server", 'type': 'service', 'kam_is_service': True,
            'kam_service_category_id': self.env.ref(f'{MODULE}.kam_service_category_cloud').id})

        def cell():
            # the account's cell of the service: white, or in the pipeline
            # once an opportunity was created from it
            self.env['kam.whitespace.cell'].invalidate_model()
            return self.env['kam.whitespace.cell'].search([
                ('partner_id', '=', self.account.id), ('product_id', '=', service.id)])

        def pipeline_cell():
            if cell().state == 'white':
                cell().action_create_opportunity()
            return cell()

        def marketing_plan(*steps):
            campaign = self.env['kam.marketing.plan'].create({
                'name': "Campaign", 'date_end': self.today,
                'account_ids': [(6, 0, self.account.ids)]})
            return stepped(campaign, steps)

        fault = self.env.ref(f'{MODULE}.kam_service_request_type_fault')
        member_type = self.env.ref(f'{MODULE}.kam_service_request_type_member')

        def work_order(*steps, request_type=fault):
            line = {'operation': 'number', 'number': '1'} if request_type == fault else {
                'operation': 'member_add', 'member_name': "New", 'mobile': str(next(mobiles))}
            order = self.env['kam.service.request'].create({
                'type_id': request_type.id, 'partner_id': self.account.id,
                'contact_phone': '13805710001', 'line_ids': [(0, 0, line)]})
            return stepped(order, steps)

        RejectWizard = self.env['kam.service.request.reject.wizard']

        def case(*steps, **vals):
            self.env['kam.retention.case'].search([('partner_id', '=', self.account.id)]).write(
                {'active': False})
            record = self.env['kam.retention.case'].create(dict({'partner_id': self.account.id}, **vals))
            return stepped(record, steps)

        def visit(*steps):
            record = self.env['kam.visit'].create({'name': "Review", 'partner_id': self.account.id})
            return stepped(record, steps)

        def new_account():
            return self._create_account("Retention Co")

        years = iter(range(2030, 2100))

        def plan(*steps):
            year = next(years)
            record = self.env['kam.account.plan'].create({
                'partner_id': self.account.id, 'year': year,
                'need_ids': [(0, 0, {'name': "Private 5G"})],
                'action_ids': [(0, 0, {'name': "Visit", 'date_due': f'{year}-06-30'})]})
            return stepped(record, steps)

        def article(*steps):
            record = self.env['kam.knowledge.article'].create({
                'name': "Port 5G", 'body': "<p>How we won the port</p>",
                'industry_id': self.industry_energy.id})
            return stepped(record, steps)

        def announcement(*steps):
            record = self.env['kam.announcement'].create({'name': "New tariffs"})
            return stepped(record, steps)

        self._create_contact(self.account, "Port Director", phone="13805719999")

        def sms(*steps):
            record = self.env['kam.sms.send'].create({
                'name': "Notice", 'body': "{name}", 'account_ids': [(6, 0, self.account.ids)]})
            return stepped(record, steps)

        exam = self.env['survey.survey'].create({
            'title': "Exam", 'scoring_type': 'scoring_with_answers', 'certification': True})

        def training(*steps):
            record = self.env['kam.training.plan'].create({
                'name': "5G solutions", 'survey_id': exam.id,
                'date_due': self.today + timedelta(days=10), 'user_ids': [(6, 0, self.user_kam.ids)]})
            return stepped(record, steps)

        agent = self.env['res.partner'].create({'name': "Channel Co", 'is_company': True,
                                                'kam_is_agent': True})

        def agreement(*steps, **vals):
            record = self.env['kam.agent.agreement'].create(dict({
                'agent_id': agent.id, 'date_start': self.today,
                'date_end': self.today + timedelta(days=365)}, **vals))
            return stepped(record, steps)

        return {
            ('kam.training.plan', 'action_publish'): lambda: training().action_publish(),
            ('kam.training.plan', 'action_refresh'): lambda: training('action_publish').action_refresh(),
            ('kam.training.plan', 'action_close'): lambda: training('action_publish').action_close(),
            ('kam.training.plan', 'action_reopen'):
                lambda: training('action_publish', 'action_close').action_reopen(),
            ('kam.training.plan', 'action_take_exam'):
                lambda: training('action_publish').with_user(self.user_kam).action_take_exam(),
            ('kam.training.plan', 'action_view_results'): lambda: training().action_view_results(),
            ('res.users', 'action_kam_view_training_results'):
                self.user_kam.action_kam_view_training_results,
            ('kam.agent.agreement', 'action_activate'): lambda: agreement().action_activate(),
            ('kam.agent.agreement', 'action_terminate'):
                lambda: agreement('action_activate', termination_reason="Stopped").action_terminate(),
            ('kam.agent.agreement', 'action_reset_draft'): lambda: agreement(
                'action_activate', 'action_terminate', termination_reason="Stopped").action_reset_draft(),
            ('res.partner', 'action_kam_view_agent_accounts'): agent.action_kam_view_agent_accounts,
            ('res.partner', 'action_kam_view_agent_agreements'): agent.action_kam_view_agent_agreements,
            ('res.partner', 'action_kam_view_agent_results'): agent.action_kam_view_agent_results,
            ('kam.kpi.snapshot.wizard', 'action_compute'):
                lambda: self.env['kam.kpi.snapshot.wizard'].create({}).action_compute(),
            ('kam.export.wizard', 'action_export'):
                lambda: self.env['kam.export.wizard'].create({}).action_export(),
            ('kam.export.wizard', 'action_download'): lambda: (
                wizard := self.env['kam.export.wizard'].create({})).action_export() and wizard.action_download(),
            ('kam.export.wizard', 'action_refresh'):
                lambda: self.env['kam.export.wizard'].create({}).action_refresh(),
            ('kam.retention.case', 'action_start'): lambda: case().action_start(),
            ('kam.retention.case', 'action_retained'):
                lambda: case(retained_revenue=100).action_retained(),
            ('kam.retention.case', 'action_partly_retained'):
                lambda: case(revenue_at_risk=200, retained_revenue=100).action_partly_retained(),
            ('kam.retention.case', 'action_lost'): lambda: case(lost_reason="Moved").action_lost(),
            ('kam.retention.case', 'action_reopen'):
                lambda: case('action_lost', lost_reason="Moved").action_reopen(),
            ('kam.account.plan', 'action_submit'): lambda: plan().action_submit(),
            ('kam.account.plan', 'action_approve'): lambda: plan('action_submit').action_approve(),
            ('kam.account.plan', 'action_send_back'):
                lambda: plan('action_submit').action_send_back(),
            ('kam.account.plan', 'action_close'):
                lambda: plan('action_submit', 'action_approve').action_close(),
            ('kam.account.plan', 'action_reopen'):
                lambda: plan('action_submit', 'action_approve', 'action_close').action_reopen(),
            ('kam.account.plan', 'action_prefill_competitors'):
                lambda: plan().action_prefill_competitors(),
            ('kam.account.plan', 'action_view_opportunities'):
                lambda: plan().action_view_opportunities(),
            ('res.partner', 'action_kam_view_account_plans'): self.account.action_kam_view_account_plans,
            ('kam.visit', 'action_done'): lambda: visit().action_done(),
            ('kam.visit', 'action_cancel'): lambda: visit().action_cancel(),
            ('kam.visit', 'action_reset_planned'): lambda: visit('action_cancel').action_reset_planned(),
            ('kam.visit', 'action_send_survey'): lambda: visit('action_done').action_send_survey(),
            ('res.partner', 'action_kam_compute_health'): self.account.action_kam_compute_health,
            ('res.partner', 'action_kam_open_retention_case'):
                lambda: new_account().action_kam_open_retention_case(),
            ('res.partner', 'action_kam_view_health_history'): self.account.action_kam_view_health_history,
            ('res.partner', 'action_kam_view_visits'): self.account.action_kam_view_visits,
            ('res.partner', 'action_kam_view_retention_cases'): self.account.action_kam_view_retention_cases,
            ('res.partner', 'action_kam_view_competitor_offers'):
                self.account.action_kam_view_competitor_offers,
            ('kam.service.request', 'action_submit'): lambda: work_order().action_submit(),
            ('kam.service.request', 'action_accept'):
                lambda: work_order('action_submit').action_accept(),
            ('kam.service.request', 'action_approve'):
                lambda: work_order('action_submit', request_type=member_type).action_approve(),
            ('kam.service.request', 'action_start'):
                lambda: work_order('action_submit', 'action_accept').action_start(),
            ('kam.service.request', 'action_done'):
                lambda: work_order('action_submit', 'action_accept', 'action_start').action_done(),
            ('kam.service.request', 'action_reject'):
                lambda: work_order('action_submit').action_reject(),
            ('kam.service.request', 'action_cancel'):
                lambda: work_order('action_submit').action_cancel(),
            ('kam.service.request', 'action_view_members'):
                lambda: work_order(request_type=member_type).action_view_members(),
            ('kam.service.request', 'action_dispatch'):
                lambda: work_order('action_submit').action_dispatch(),
            ('kam.dispatch.rule', 'action_view_requests'):
                lambda: self.env['kam.dispatch.rule'].create({
                    'name': "Faults", 'department_id': self.env['hr.department'].create(
                        {'name': "Branch"}).id}).action_view_requests(),
            ('kam.service.request.reject.wizard', 'action_reject'): lambda: RejectWizard.create({
                'request_ids': work_order('action_submit').ids, 'reason': "Out of area"}).action_reject(),
            ('res.partner', 'action_kam_view_requests'): self.account.action_kam_view_requests,
            ('kam.contract', 'action_confirm'): lambda: self._contract().action_confirm(),
            ('kam.contract', 'action_terminate'): lambda: with_reason(running()).action_terminate(),
            ('kam.contract', 'action_draft'): lambda: terminated().action_draft(),
            ('kam.contract', 'action_renew'): lambda: running().action_renew(),
            ('kam.contract', 'action_view_calloffs'):
                lambda: self._contract(is_framework=True).action_view_calloffs(),
            ('kam.contract.renew.wizard', 'action_renew'):
                lambda: Wizard.create({'contract_id': running().id}).action_renew(),
            ('kam.project', 'action_start'): lambda: self._project().action_start(),
            ('kam.project', 'action_done'): lambda: in_progress().action_done(),
            ('kam.project', 'action_cancel'): lambda: self._project().action_cancel(),
            ('kam.project', 'action_reset_draft'): lambda: cancelled().action_reset_draft(),
            ('kam.tier', 'action_view_accounts'): self.tier_a.action_view_accounts,
            # smsbox not running: the notification says so
            ('res.config.settings', 'action_kam_kannel_test'): lambda: self.env['res.config.settings'].create(
                {'kam_kannel_url': 'http://127.0.0.1:9/cgi-bin/sendsms'}).action_kam_kannel_test(),
            ('kam.industry', 'action_view_accounts'): self.industry_energy.action_view_accounts,
            ('kam.region', 'action_view_accounts'): lambda: self.env['kam.region'].create(
                {'name': "Integration City", 'level': 'city'}).action_view_accounts(),
            ('res.partner', 'action_kam_classify'): self.account.action_kam_classify,
            ('res.partner', 'action_kam_view_contracts'): self.account.action_kam_view_contracts,
            ('res.partner', 'action_kam_view_projects'): self.account.action_kam_view_projects,
            ('res.partner', 'action_kam_view_subsidiaries'): self.account.action_kam_view_subsidiaries,
            ('res.partner', 'action_kam_view_decision_map'): self.account.action_kam_view_decision_map,
            ('kam.member', 'action_suspend'): lambda: member().action_suspend(),
            ('kam.member', 'action_reactivate'): lambda: suspended().action_reactivate(),
            ('kam.member', 'action_remove'): lambda: member().action_remove(),
            ('res.partner', 'action_kam_view_members'): self.account.action_kam_view_members,
            ('res.partner', 'action_kam_print_dossier'): self.account.action_kam_print_dossier,
            ('res.partner', 'action_kam_view_winning_cases'):
                self.account.action_kam_view_winning_cases,
            ('kam.knowledge.article', 'action_publish'): lambda: article().action_publish(),
            ('kam.knowledge.article', 'action_withdraw'):
                lambda: article('action_publish').action_withdraw(),
            ('kam.knowledge.article', 'action_reset_draft'):
                lambda: article('action_publish').action_reset_draft(),
            ('kam.knowledge.article', 'action_toggle_helpful'):
                lambda: article('action_publish').action_toggle_helpful(),
            ('kam.announcement', 'action_publish'): lambda: announcement().action_publish(),
            ('kam.announcement', 'action_expire'):
                lambda: announcement('action_publish').action_expire(),
            ('kam.announcement', 'action_mark_read'):
                lambda: announcement('action_publish').action_mark_read(),
            # whitespace, opportunities and marketing plans
            ('kam.service.category', 'action_view_products'): self.env.ref(
                f'{MODULE}.kam_service_category_cloud').action_view_products,
            ('kam.whitespace.cell', 'action_create_opportunity'):
                lambda: cell().action_create_opportunity(),
            ('kam.whitespace.cell', 'action_open_opportunity'):
                lambda: pipeline_cell().action_open_opportunity(),
            ('res.partner', 'action_kam_view_whitespace'): self.account.action_kam_view_whitespace,
            ('res.partner', 'action_kam_view_whitespace_list'):
                self.account.action_kam_view_whitespace_list,
            ('res.partner', 'action_kam_view_opportunities'):
                self.account.action_kam_view_opportunities,
            ('kam.marketing.plan', 'action_select_accounts'): lambda: marketing_plan().action_select_accounts(),
            ('kam.marketing.plan', 'action_launch'): lambda: marketing_plan().action_launch(),
            ('kam.marketing.plan', 'action_done'): lambda: marketing_plan('action_launch').action_done(),
            ('kam.marketing.plan', 'action_cancel'): lambda: marketing_plan().action_cancel(),
            ('kam.marketing.plan', 'action_reset_draft'):
                lambda: marketing_plan('action_cancel').action_reset_draft(),
            ('kam.marketing.plan', 'action_create_opportunities'):
                lambda: marketing_plan('action_launch').action_create_opportunities(),
            ('kam.marketing.plan', 'action_view_opportunities'):
                lambda: marketing_plan().action_view_opportunities(),
            ('kam.marketing.plan', 'action_view_contracts'): lambda: marketing_plan().action_view_contracts(),
            ('kam.marketing.plan', 'action_view_accounts'): lambda: marketing_plan().action_view_accounts(),
            ('res.partner', 'action_kam_send_sms'): self.account.action_kam_send_sms,
            ('kam.member', 'action_kam_send_sms'): lambda: member().action_kam_send_sms(),
            ('kam.sms.send', 'action_preview'): lambda: sms().action_preview(),
            ('kam.sms.send', 'action_send'): lambda: sms('action_preview').action_send(),
            ('kam.sms.send', 'action_cancel'): lambda: sms('action_send').action_cancel(),
            ('kam.sms.send', 'action_view_sms'): lambda: sms('action_send').action_view_sms(),
        }

    def _addon_actions(self):
        found = set()
        for name in addon_models(self.env):
            model_cls = type(self.env[name])
            for attr in dir(model_cls):
                if not attr.startswith('action_'):
                    continue
                method = getattr(model_cls, attr)
                if callable(method) and inspect.getmodule(method).__name__.startswith(
                        f'odoo.addons.{MODULE}.') and not name.endswith('mixin'):
                    found.add((name, attr))
        return found

    def test_every_action_returns_true_or_an_action(self):
        calls = self._calls()
        missing = self._addon_actions() - set(calls)
        self.assertFalse(missing, f"action methods without a call in this test: {sorted(missing)}")
        for (model, method), call in sorted(calls.items()):
            with self.subTest(model=model, method=method):
                result = call()
                self.assertTrue(
                    result is True or (isinstance(result, dict) and result.get('type')),
                    f"{model}.{method} returned {result!r}")

    def test_project_stage_actions_return_true(self):
        project = self._project()
        self.assertIs(project.action_start(), True)
        self.assertEqual(project.stage, 'in_progress')
        self.assertIs(project.action_done(), True)
        self.assertEqual(project.stage, 'done')
