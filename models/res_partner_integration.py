from odoo import api, fields, models


class ResPartner(models.Model):
    """Key accounts fed from other systems: the external reference and the import template."""
    _inherit = 'res.partner'

    kam_external_ref = fields.Char(
        "External Reference", copy=False, index='btree_not_null', tracking=True,
        help="The account's id in the billing or CRM system that feeds it (e.g. the "
             "customer number); unique per company. Integrators search and upsert by it.")

    # Partners may belong to no company: COALESCE keeps those unique among themselves.
    _kam_external_ref_company_uniq = models.UniqueIndex(
        "(COALESCE(company_id, 0), kam_external_ref) WHERE kam_external_ref IS NOT NULL",
        "This external reference is already used by another partner of the same company.")

    @api.model
    def get_import_templates(self):
        return super().get_import_templates() + [{
            'label': self.env._("Import Template for Key Accounts with Contacts"),
            'template': '/key_account_management/static/xls/kam_key_accounts.csv',
        }]
