from odoo.tests import new_test_user, tagged

from .common_census import KamCensusCommon


@tagged('post_install', '-at_install')
class TestLeadRouting(KamCensusCommon):
    """A lead that arrives without a salesperson for an organisation that
    is not a key account goes to its grid's manager, else to an account
    manager of the region of its address, else to the region head."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(cls.env, login='kam_routing_sales', name="Routing Sales",
                                     groups='sales_team.group_sale_salesman')
        cls.Lead = cls.env['crm.lead'].with_user(cls.salesman)

    def test_census_organisation_goes_to_its_grid_manager(self):
        org = self.env['res.partner'].create({'name': "杭州文三数码科技有限公司", 'is_company': True,
                                              'kam_uscc': '91350100M000100Y43'})
        self._entry("杭州文三数码科技有限公司", uscc='91350100M000100Y43')
        lead = self.Lead.create({'name': "网站咨询：企业专线", 'partner_id': org.id})
        self.assertEqual(lead.sudo().user_id, self.user_kam)

    def test_address_in_a_region_goes_to_its_account_manager_with_fewest_leads(self):
        self.xihu.user_ids = self.user_kam | self.user_kam_other
        self.env['crm.lead'].create({'name': "已有商机", 'user_id': self.user_kam.id})
        lead = self.Lead.create({'name': "来电咨询", 'city': "杭州", 'street': "西湖区文三路 90号"})
        self.assertEqual(lead.sudo().user_id, self.user_kam_other)

    def test_unroutable_goes_to_the_region_head(self):
        # 杭州 without a district in the address, and no account manager there: its head
        lead = self.Lead.create({'name': "来电咨询", 'city': "杭州市", 'street': "某路 1号"})
        self.assertEqual(lead.sudo().user_id, self.head)

    def test_given_salesperson_and_key_accounts_kept(self):
        lead = self.Lead.create({'name': "我的商机", 'city': "杭州", 'user_id': self.salesman.id})
        self.assertEqual(lead.user_id, self.salesman)
        account = self._create_account("杭州大客户集团", city="杭州", kam_manager_id=self.user_kam.id)
        lead = self.Lead.create({'name': "大客户商机", 'partner_id': account.id})
        self.assertEqual(lead.user_id, self.salesman, "a key account's lead keeps CRM's assignment")
        # outside every region: nothing changes
        lead = self.Lead.create({'name': "外省咨询", 'city': "成都"})
        self.assertEqual(lead.user_id, self.salesman)
