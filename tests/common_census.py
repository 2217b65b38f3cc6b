from odoo.tests import new_test_user

from .common import KamCommon

# valid codes (GB 32100-2015 check characters)
CODE_1 = '91350100M000100Y43'
CODE_2 = '91110000600037341L'
CODE_3 = '91330106AY4CL12TH4'


class KamCensusCommon(KamCommon):
    """杭州市 (with 西湖区) and 宁波市; a grid in 西湖区 run by user_kam, one
    in 宁波市 run by user_kam_other; a head of 杭州市; a portal user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Region = cls.env['kam.region']
        cls.hangzhou = Region.create({'name': "杭州市", 'level': 'city', 'city': "杭州"})
        cls.xihu = Region.create({'name': "西湖区", 'level': 'district', 'parent_id': cls.hangzhou.id})
        cls.ningbo = Region.create({'name': "宁波市", 'level': 'city', 'city': "宁波"})
        cls.head = new_test_user(cls.env, login='kam_census_head', name="City Head",
                                 groups='key_account_management.group_kam_region_head')
        cls.hangzhou.head_user_ids = cls.head
        Grid = cls.env['kam.grid']
        cls.grid = Grid.create({'name': "文三路网格", 'code': 'HZ-XH-01', 'region_id': cls.xihu.id,
                                'manager_id': cls.user_kam.id})
        cls.grid_ningbo = Grid.create({'name': "人民路网格", 'code': 'NB-JB-01',
                                       'region_id': cls.ningbo.id,
                                       'manager_id': cls.user_kam_other.id})
        cls.competitor = cls.env['res.partner'].create({'name': "东方移动通信有限公司", 'is_company': True})
        holder = cls.env['res.partner'].create({'name': "Portal Holder Co", 'is_company': True})
        cls.portal = cls._create_portal_user(holder, 'kam_census_portal')

    @classmethod
    def _entry(cls, name, grid=None, **vals):
        return cls.env['kam.census.entry'].create(dict(
            {'name': name, 'grid_id': (grid or cls.grid).id}, **vals))
