from datetime import date

from odoo.tests import new_test_user

from .common import KamCommon


class KamTariffCommon(KamCommon):
    """Two customers with their account managers, the approvers of the
    shipped levels (department head, provincial head, general manager) and
    the key-account services applications are made of."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Application = cls.env['kam.tariff.application']
        cls.account = cls._create_account("东方港务集团")
        cls.subsidiary = cls._create_account("东方港务码头公司", parent_id=cls.account.id)
        cls.account_b = cls._create_account("西湖物流有限公司", kam_manager_id=cls.user_kam_other.id)
        cls.user_province = new_test_user(
            cls.env, login='kam_test_province', name="Provincial Head",
            groups='key_account_management.group_kam_approver_province')
        cls.user_general = new_test_user(
            cls.env, login='kam_test_general', name="General Manager",
            groups='key_account_management.group_kam_approver_general')
        Product = cls.env['product.product']
        cls.private_line = Product.create({
            'name': "Private Line 100M", 'type': 'service', 'list_price': 3000,
            'standard_price': 1200, 'kam_is_service': True})
        cls.mobile_office = Product.create({
            'name': "Mobile Office", 'type': 'service', 'list_price': 60, 'kam_is_service': True})

    @classmethod
    def _application(cls, proposed=2700, quantity=10, user=None, **vals):
        """An application for the private line at ``proposed`` a month
        (list 3000: 2700 is 10 % off) over two years, raised by ``user``
        (the account manager by default)."""
        values = {
            'subject': "Private lines against the competitor",
            'partner_id': cls.account.id,
            'date_start': date(2026, 1, 1),
            'date_end': date(2027, 12, 31),
            'justification': "The competitor offers 25 % less.",
            'line_ids': [(0, 0, {'product_id': cls.private_line.id, 'quantity': quantity,
                                 'proposed_price': proposed})],
        }
        values.update(vals)
        return cls.Application.with_user(user or cls.user_kam).create(values)
