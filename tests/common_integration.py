from datetime import timedelta

from odoo import fields

from .common import KamCommon

MODULE = 'key_account_management'
# Their fields' help comes with the partner and account-team screens' work;
# drop a model from here once its fields carry one.
HELP_PENDING_MODELS = set()
CONTRACT_REF_USED = "This external reference is already used by another contract of the company."
PROJECT_REF_USED = "This external reference is already used by another project of the company."
PARTNER_REF_USED = "This external reference is already used by another partner of the same company."


def addon_models(env):
    """Models with at least one field or method defined by this addon."""
    names = set()
    for name, model_cls in env.registry.items():
        if any(field._module == MODULE for field in model_cls._fields.values()):
            names.add(name)
        elif any(cls.__module__.startswith(f'odoo.addons.{MODULE}.') for cls in model_cls.mro()):
            names.add(name)
    return names


def stepped(record, steps):
    """``record`` after calling its actions ``steps`` in turn."""
    for step in steps:
        getattr(record, step)()
    return record


class KamIntegrationCommon(KamCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.account = cls._create_account("Coastal Port Group", kam_handset_count=600)
        cls.account_other = cls._create_account(
            "Inland Rail Ltd", kam_manager_id=cls.user_kam_other.id)

    @classmethod
    def _contract(cls, **vals):
        return cls.env['kam.contract'].create(dict({
            'title': "Private 5G", 'partner_id': cls.account.id,
            'date_start': cls.today - timedelta(days=30),
            'date_end': cls.today + timedelta(days=400), 'amount': 100000,
        }, **vals))

    @classmethod
    def _project(cls, **vals):
        return cls.env['kam.project'].create(dict({
            'name': "Port 5G rollout", 'partner_id': cls.account.id, 'user_id': cls.user_kam.id,
        }, **vals))
