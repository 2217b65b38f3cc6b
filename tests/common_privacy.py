from odoo.tests import new_test_user

from .common_member import KamMemberCommon

FULL_A = '13812345678'
MASKED_A = '138****5678'
FULL_SUB = '13912345670'
MASKED_SUB = '139****5670'
FULL_B = '13712345671'
CONTACT_A = '13800001111'
MASKED_CONTACT_A = '138****1111'


class KamPrivacyCommon(KamMemberCommon):
    """Group A (Account Manager One, a team member, a region with its head)
    and group B (Account Manager Two): a member of A, of A's subsidiary and
    of B, a contact of A with a mobile phone, the portal users of A (its
    group administrator), of A's subsidiary and of B, and the users around
    them: Key Accounts Manager, the head of another region, a plain
    employee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Region = cls.env['kam.region']
        cls.region_a = Region.create({'name': "杭州市", 'level': 'city', 'city': "杭州"})
        cls.region_other = Region.create({'name': "宁波市", 'level': 'city', 'city': "宁波"})
        cls.head_a = new_test_user(cls.env, login='kam_privacy_head_a', name="Head A",
                                   groups='key_account_management.group_kam_region_head')
        cls.head_other = new_test_user(cls.env, login='kam_privacy_head_other', name="Head Other",
                                       groups='key_account_management.group_kam_region_head')
        cls.region_a.head_user_ids = cls.head_a
        cls.region_other.head_user_ids = cls.head_other
        (cls.group_a | cls.sub_a).kam_region_id = cls.region_a
        cls.team_user = new_test_user(cls.env, login='kam_privacy_team', name="Team Member",
                                      groups='key_account_management.group_kam_user')
        cls.env['kam.team.member'].create({'partner_id': cls.group_a.id,
                                           'user_id': cls.team_user.id})
        cls.dpo = new_test_user(cls.env, login='kam_privacy_dpo', name="Data Protection Officer",
                                groups='key_account_management.group_kam_data_protection')
        cls.portal_a.partner_id.kam_portal_group_admin = True
        cls.member_a = cls._create_member("陈明", FULL_A)
        cls.member_sub = cls._create_member("刘芳", FULL_SUB, partner=cls.sub_a)
        cls.member_b = cls._create_member("沈洁", FULL_B, partner=cls.group_b)
        cls.contact_a = cls._create_contact(cls.group_a, "王建国", phone=CONTACT_A)
        cls.insiders = (cls.user_kam, cls.team_user)
        # who may read A's members without serving the account
        cls.readers_outside = (cls.user_kam_manager, cls.user_kam_admin, cls.head_a)
