from datetime import date

from .common import KamCommon


class KamContractCommon(KamCommon):
    """Accounts, a service and a helper to make contracts; dates in the
    tests are fixed (freeze_time) around TODAY."""

    TODAY = date(2026, 3, 2)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env['kam.contract']
        cls.account = cls._create_account("东方港务集团", kam_handset_count=300)
        cls.subsidiary = cls._create_account("东方港务码头公司", parent_id=cls.account.id)
        cls.account_other = cls._create_account(
            "Other Manager's Account", kam_manager_id=cls.user_kam_other.id)
        cls.service = cls.env['product.product'].create({
            'name': "Private Line 100M", 'type': 'service', 'list_price': 3000})

    @classmethod
    def _create_contract(cls, **vals):
        values = {
            'title': "Private line",
            'partner_id': cls.account.id,
            'date_start': date(2025, 7, 1),
            'date_end': date(2026, 6, 30),
            'amount': 120000,
        }
        values.update(vals)
        return cls.env['kam.contract'].create(values)

    def _messages(self, contract, text="ends on"):
        return contract.message_ids.filtered(lambda m: text in (m.body or ''))
