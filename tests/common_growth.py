from datetime import timedelta

from odoo import fields
from odoo.fields import Command

from .common import KamCommon


class KamGrowthCommon(KamCommon):
    """A group customer A (tier A, Hangzhou) with a subsidiary that is a
    key account and one that is not, an account B of another manager
    (tier B, Ningbo), a service catalogue of three services in three
    categories and a product outside it. A holds the leased line on a
    running contract; A's plain subsidiary has group members on 5G."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.today = fields.Date.context_today(cls.env.user)
        salesman = ref('sales_team.group_sale_salesman')
        cls.user_kam.group_ids = [Command.link(salesman.id)]
        cls.user_kam_other.group_ids = [Command.link(salesman.id)]
        cls.user_kam_manager.group_ids = [
            Command.link(ref('sales_team.group_sale_salesman_all_leads').id)]
        cls.cat_conn = ref('key_account_management.kam_service_category_connectivity')
        cls.cat_mobile = ref('key_account_management.kam_service_category_mobile')
        cls.cat_cloud = ref('key_account_management.kam_service_category_cloud')
        Product = cls.env['product.product']
        cls.p_line = Product.create({'name': "Leased Line", 'type': 'service', 'list_price': 3000,
                                     'kam_is_service': True,
                                     'kam_service_category_id': cls.cat_conn.id})
        cls.p_5g = Product.create({'name': "5G Private Network", 'type': 'service',
                                   'list_price': 50000, 'kam_is_service': True,
                                   'kam_service_category_id': cls.cat_mobile.id})
        cls.p_cloud = Product.create({'name': "Cloud Server", 'type': 'service', 'list_price': 800,
                                      'kam_is_service': True,
                                      'kam_service_category_id': cls.cat_cloud.id})
        cls.p_other = Product.create({'name': "Handset Repair", 'type': 'service'})
        # only our catalogue in the matrix, whatever else the database holds
        Product.search([('kam_is_service', '=', True),
                        ('id', 'not in', (cls.p_line | cls.p_5g | cls.p_cloud).ids)]
                       ).product_tmpl_id.write({'kam_is_service': False})
        cls.zhejiang = cls.env['res.country.state'].create({
            'name': "Zhejiang Test", 'code': 'ZJT', 'country_id': ref('base.cn').id})
        cls.group_a = cls._create_account(
            "East Energy Group", kam_tier_id=cls.tier_a.id, city="杭州",
            state_id=cls.zhejiang.id, kam_industry_id=cls.industry_energy.id)
        cls.sub_a = cls._create_account("East Power", parent_id=cls.group_a.id,
                                        kam_tier_id=cls.tier_a.id, city="杭州")
        cls.sub_plain = cls.env['res.partner'].create({
            'name': "East Design Institute", 'is_company': True, 'parent_id': cls.sub_a.id})
        cls.group_b = cls._create_account(
            "Ningbo Port", kam_manager_id=cls.user_kam_other.id, kam_tier_id=cls.tier_b.id,
            city="宁波")
        cls.contract = cls.env['kam.contract'].create({
            'title': "Group leased lines", 'partner_id': cls.group_a.id,
            'date_start': cls.today - timedelta(days=30),
            'date_end': cls.today + timedelta(days=400), 'amount': 120000,
            'line_ids': [Command.create({'product_id': cls.p_line.id, 'quantity': 4,
                                         'monthly_fee': 3000})],
        })
        cls.contract.action_confirm()
        cls.env['kam.member'].create({
            'name': "陈明", 'mobile': "13805710001", 'partner_id': cls.sub_plain.id,
            'product_id': cls.p_5g.id})

    @classmethod
    def _lead(cls, partner, product=None, **vals):
        return cls.env['crm.lead'].create(dict({
            'name': f"{product.name if product else 'Deal'} for {partner.name}",
            'type': 'opportunity', 'partner_id': partner.id, 'user_id': cls.user_kam.id,
            'kam_product_id': product.id if product else False,
        }, **vals))

    def _cells(self, group):
        Cell = self.env['kam.whitespace.cell']
        Cell.invalidate_model()  # a view: its rows change with the contracts and leads
        return {(cell.partner_id, cell.product_id): cell
                for cell in Cell.search([('group_id', '=', group.id)])}
