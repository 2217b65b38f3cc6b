from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common_growth import KamGrowthCommon


class TestWhitespace(KamGrowthCommon):

    def test_states_held_pipeline_white_across_subsidiaries(self):
        contact = self._create_contact(self.sub_a, "Ops Director")
        self._lead(contact, self.p_cloud)          # through a contact of the company
        lost = self._lead(self.group_a, self.p_5g)
        lost.action_set_lost()
        self._lead(self.group_b, self.p_line)      # another group's opportunity
        cells = self._cells(self.group_a)
        companies = self.group_a | self.sub_a | self.sub_plain
        self.assertEqual(len(cells), 9, "3 companies × 3 services, the product outside the "
                                        "catalogue left out")
        self.assertEqual({partner for partner, _product in cells}, set(companies))
        states = {(p.name, s.name): cell.state for (p, s), cell in cells.items()}
        self.assertEqual(states[("East Energy Group", "Leased Line")], 'held')   # contract
        self.assertEqual(states[("East Design Institute", "5G Private Network")], 'held')  # members
        self.assertEqual(states[("East Power", "Cloud Server")], 'pipeline')
        self.assertEqual(states[("East Energy Group", "5G Private Network")], 'white',
                         "a lost opportunity leaves the cell white")
        self.assertEqual(states[("East Power", "Leased Line")], 'white',
                         "the group's contract is held by the group's top company, not by its "
                         "subsidiaries")
        self.assertEqual(list(states.values()).count('white'), 6)
        self.assertEqual(cells[(self.sub_a, self.p_cloud)].lead_id.partner_id, contact)
        # a terminated contract no longer holds the service
        self.contract.termination_reason = "Moved to a competitor"
        self.contract.action_terminate()
        self.assertEqual(self._cells(self.group_a)[(self.group_a, self.p_line)].state, 'white')

    def test_billed_in_the_last_three_months_is_held(self):
        self.env.ref('key_account_management.kam_billing_service_ict').product_id = self.p_cloud
        self.sub_plain.kam_external_ref = 'CUST-PLAIN'
        this_month = fields.Date.context_today(self.env.user).replace(day=1)

        def bill(back):
            return self.env['kam.billing.line'].kam_billing_upsert([{
                'customer_ref': 'CUST-PLAIN', 'service_code': 'ICT', 'revenue': 800,
                'month': (this_month - relativedelta(months=back)).strftime('%Y-%m')}])

        bill(5)
        self.assertEqual(self._cells(self.group_a)[(self.sub_plain, self.p_cloud)].state, 'white',
                         "billed five months ago only")
        bill(2)
        self.assertEqual(self._cells(self.group_a)[(self.sub_plain, self.p_cloud)].state, 'held')

    def test_white_cell_creates_a_prefilled_opportunity_once(self):
        Cell = self.env['kam.whitespace.cell'].with_user(self.user_kam)
        cell = Cell.search([('partner_id', '=', self.sub_plain.id),
                            ('product_id', '=', self.p_cloud.id)])
        self.assertEqual(cell.state, 'white')
        action = cell.action_create_opportunity()
        lead = self.env['crm.lead'].browse(action['res_id'])
        self.assertEqual((action['res_model'], lead.type), ('crm.lead', 'opportunity'))
        self.assertEqual(lead.partner_id, self.sub_plain)
        self.assertEqual(lead.kam_product_id, self.p_cloud)
        self.assertEqual(lead.user_id, self.user_kam, "the account manager sells it")
        self.assertEqual(lead.kam_account_id, self.sub_a, "served by the key account above it")
        self.assertEqual(lead.expected_revenue, 12 * 800)
        Cell.invalidate_model()
        cell = Cell.search([('id', '=', cell.id)])
        self.assertEqual((cell.state, cell.lead_id), ('pipeline', lead))
        # a second click opens the same opportunity, never a second one
        self.assertEqual(cell.action_create_opportunity()['res_id'], lead.id)
        self.assertEqual(self.env['crm.lead'].search_count(
            [('partner_id', '=', self.sub_plain.id), ('kam_product_id', '=', self.p_cloud.id)]), 1)
        held = Cell.search([('partner_id', '=', self.group_a.id), ('product_id', '=', self.p_line.id)])
        with self.assertRaises(UserError):
            held.action_create_opportunity()

    def test_salesperson_is_the_caller_when_he_cannot_assign_others(self):
        cell = self.env['kam.whitespace.cell'].with_user(self.user_kam_other).search([
            ('partner_id', '=', self.group_a.id), ('product_id', '=', self.p_5g.id)])
        lead = self.env['crm.lead'].browse(cell.action_create_opportunity()['res_id'])
        self.assertEqual(lead.user_id, self.user_kam_other,
                         "a salesperson on his own documents keeps what he creates")
        cell = self.env['kam.whitespace.cell'].with_user(self.user_kam_manager).search([
            ('partner_id', '=', self.group_a.id), ('product_id', '=', self.p_cloud.id)])
        lead = self.env['crm.lead'].browse(cell.action_create_opportunity()['res_id'])
        self.assertEqual(lead.user_id, self.user_kam, "the head assigns it to the account manager")

    def test_account_whitespace_count_and_button(self):
        group_a = self.group_a.with_user(self.user_kam)
        self.assertEqual(group_a.kam_whitespace_count, 7)
        self.assertEqual(self.sub_a.with_user(self.user_kam).kam_whitespace_count, 5)
        action = group_a.action_kam_view_whitespace()
        self.assertEqual((action['tag'], action['context']['active_id']),
                         ('kam_whitespace_matrix', self.group_a.id))
        action = group_a.action_kam_view_whitespace_list()
        cells = self.env['kam.whitespace.cell'].with_user(self.user_kam).search(action['domain'])
        self.assertEqual(set(cells.partner_id), set(self.group_a | self.sub_a | self.sub_plain))
        action = self.sub_a.action_kam_view_whitespace_list()
        cells = self.env['kam.whitespace.cell'].search(action['domain'])
        self.assertEqual(set(cells.partner_id), set(self.sub_a | self.sub_plain))

    def test_matrix_rows_columns_and_cells(self):
        self._lead(self.sub_a, self.p_cloud)
        matrix = self.env['kam.whitespace.cell'].with_user(self.user_kam).get_matrix(self.group_a.id)
        self.assertEqual([(row['name'], row['depth']) for row in matrix['companies']],
                         [("East Energy Group", 0), ("East Power", 1),
                          ("East Design Institute", 2)], "the group's order, indented")
        self.assertEqual([(cat['name'], [p['name'] for p in cat['products']])
                          for cat in matrix['categories']],
                         [("Connectivity", ["Leased Line"]), ("Mobile Services", ["5G Private Network"]),
                          ("Cloud and IDC", ["Cloud Server"])])
        cells = matrix['cells']
        self.assertEqual(cells[f"{self.group_a.id}-{self.p_line.id}"]['state'], 'held')
        self.assertEqual(cells[f"{self.sub_a.id}-{self.p_cloud.id}"]['state'], 'pipeline')
        self.assertEqual(cells[f"{self.sub_plain.id}-{self.p_cloud.id}"]['state'], 'white')
        sub_matrix = self.env['kam.whitespace.cell'].get_matrix(self.sub_a.id)
        self.assertEqual([row['depth'] for row in sub_matrix['companies']], [0, 1])

    def test_only_key_accounts_users_read_the_matrix(self):
        with self.assertRaises(AccessError):
            self.env['kam.whitespace.cell'].with_user(self.user_internal).search([])
        other_company = self.env['res.company'].create({'name': "Other Branch"})
        self.group_b.company_id = other_company
        cells = self.env['kam.whitespace.cell'].with_user(self.user_kam).search([])
        self.assertNotIn(self.group_b, cells.partner_id, "customers of another company stay out")

    def test_opening_the_matrix_costs_the_same_for_more_subsidiaries(self):
        Cell = self.env['kam.whitespace.cell'].with_user(self.user_kam)
        fields_read = ['partner_id', 'category_id', 'product_id', 'state', 'lead_id', 'white']

        def open_matrix():
            self.env.invalidate_all()
            Cell.web_search_read([('group_id', '=', self.group_a.id)],
                                 {fname: {} for fname in fields_read})

        def open_grid():
            self.env.invalidate_all()
            Cell.get_matrix(self.group_a.id)

        self._lead(self.sub_a, self.p_cloud)
        open_matrix()
        open_grid()
        small = self._count_queries(open_matrix)
        small_grid = self._count_queries(open_grid)
        for index in range(5):
            subsidiary = self.env['res.partner'].create({
                'name': f"East Subsidiary {index}", 'is_company': True,
                'parent_id': self.group_a.id})
            self._lead(subsidiary, self.p_cloud)
        open_matrix()
        open_grid()
        self.assertEqual(self._count_queries(open_matrix), small)
        self.assertEqual(Cell.search_count([('group_id', '=', self.group_a.id)]), 24)
        with self.assertQueryCount(small):
            open_matrix()
        self.assertEqual(self._count_queries(open_grid), small_grid)


class TestOpportunityRollups(KamGrowthCommon):

    def test_pipeline_and_won_on_account_and_group(self):
        self._lead(self.group_a, self.p_5g, expected_revenue=1000)
        self._lead(self.sub_a, self.p_cloud, expected_revenue=2000)
        self._lead(self.sub_plain, self.p_line, expected_revenue=500)
        won = self._lead(self.sub_a, self.p_5g, expected_revenue=3000)
        won.action_set_won()
        lost = self._lead(self.group_a, expected_revenue=9000)
        lost.action_set_lost()
        self._lead(self.group_b, expected_revenue=7000)
        group_a = self.group_a.with_user(self.user_kam)
        self.assertEqual((group_a.kam_pipeline_amount, group_a.kam_won_amount), (1000, 0))
        self.assertEqual((group_a.kam_group_pipeline_amount, group_a.kam_group_won_amount),
                         (3500, 3000))
        sub_a = self.sub_a.with_user(self.user_kam)
        self.assertEqual((sub_a.kam_pipeline_amount, sub_a.kam_won_amount), (2500, 3000),
                         "the plain subsidiary's opportunity counts on the account serving it")
        self.assertEqual(group_a.kam_opportunity_count, 3)
        self.assertEqual(self.group_b.with_user(self.user_kam).kam_group_pipeline_amount, 7000)
        # counts are those the user may open; totals are the account's
        self.assertEqual(self.group_a.with_user(self.user_kam_other).kam_opportunity_count, 0)
        self.assertEqual(
            self.group_a.with_user(self.user_kam_other).kam_group_pipeline_amount, 3500)
        action = group_a.action_kam_view_opportunities()
        leads = self.env['crm.lead'].search(action['domain'] + [('won_status', '=', 'pending')])
        self.assertEqual(sum(leads.mapped('expected_revenue')), 3500)

    def test_won_last_year_is_not_this_years(self):
        won = self._lead(self.group_a, expected_revenue=4000)
        won.action_set_won()
        won.date_closed = '2000-06-30 10:00:00'
        self.assertEqual(self.group_a.with_user(self.user_kam).kam_won_amount, 0)

    def test_rollups_of_a_list_cost_constant_queries(self):
        accounts = self.group_a | self.sub_a | self.group_b
        self._lead(self.group_a, expected_revenue=100)

        def read(records):
            self.env.invalidate_all()
            records.with_user(self.user_kam).read(
                ['kam_pipeline_amount', 'kam_group_won_amount', 'kam_opportunity_count'])

        read(accounts[:1])
        one = self._count_queries(lambda: read(accounts[:1]))
        self.assertEqual(self._count_queries(lambda: read(accounts)), one)


@tagged('post_install', '-at_install')
class TestWhitespaceTour(HttpCase, KamGrowthCommon):

    def test_whitespace_tour(self):
        self.start_tour(
            f"/odoo/action-key_account_management.res_partner_action_key_accounts/{self.group_a.id}",
            "kam_whitespace_tour", login=self.user_kam.login)
        lead = self.env['crm.lead'].search([('partner_id', '=', self.sub_plain.id),
                                            ('kam_product_id', '=', self.p_cloud.id)])
        self.assertEqual(len(lead), 1)
        self.assertEqual((lead.user_id, lead.type), (self.user_kam, 'opportunity'))
        self.assertEqual(lead.name, "Cloud Server – East Design Institute")
