from odoo import api, fields, models

from .kam_input import check_input


def _kam_field(name):
    return name.startswith('kam_')


class ResPartner(models.Model):
    """Key accounts fed from other systems: the external reference, the
    import template, upserts by the integrator's references (kam_upsert), and
    the key-account values they send checked before Odoo converts them (see
    kam_input)."""
    _name = 'res.partner'
    _inherit = ['res.partner', 'kam.upsert.mixin']

    kam_external_ref = fields.Char(
        "External Reference", copy=False, index='btree_not_null', tracking=True,
        help="The account's id in the billing or CRM system that feeds it (e.g. the "
             "customer number); unique per company. Integrators search and upsert by it.")

    # Partners may belong to no company: COALESCE keeps those unique among themselves.
    _kam_external_ref_company_uniq = models.UniqueIndex(
        "(COALESCE(company_id, 0), kam_external_ref) WHERE kam_external_ref IS NOT NULL",
        "This external reference is already used by another partner of the same company.")

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list, only=_kam_field)
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals], only=_kam_field)
        return super().write(vals)

    @api.model
    def get_import_templates(self):
        return super().get_import_templates() + [{
            'label': self.env._("Import Template for Key Accounts with Contacts"),
            'template': '/key_account_management/static/xls/kam_key_accounts.csv',
        }]
