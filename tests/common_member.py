from .common import KamCommon


class KamMemberCommon(KamCommon):
    """Two group customers: A (HQ with a subsidiary, managed by Account
    Manager One) and B (managed by Account Manager Two), a portal user of
    each, and a service plan."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_a = cls._create_account("华东能源集团有限公司", kam_employee_count=10)
        cls.sub_a = cls._create_account("华东电力有限公司", parent_id=cls.group_a.id,
                                        kam_employee_count=20)
        cls.group_b = cls._create_account("西湖物流有限公司", kam_manager_id=cls.user_kam_other.id,
                                          kam_employee_count=50)
        cls.plan = cls.env['product.product'].create({'name': "集团成员套餐 58元", 'type': 'service'})


        cls.portal_a = cls._create_portal_user(cls.group_a, 'kam_member_portal_a')
        cls.portal_sub_a = cls._create_portal_user(cls.sub_a, 'kam_member_portal_sub_a')
        cls.portal_b = cls._create_portal_user(cls.group_b, 'kam_member_portal_b')

    @classmethod
    def _create_member(cls, name, mobile, partner=None, **vals):
        return cls.env['kam.member'].create(dict({
            'name': name, 'mobile': mobile, 'partner_id': (partner or cls.group_a).id,
            'product_id': cls.plan.id,
        }, **vals))
