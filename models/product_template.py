from odoo import fields, models


class ProductTemplate(models.Model):
    """The operator's key-account service catalogue: products flagged as
    key-account services, each in a service category. They are the rows of
    the whitespace matrix and the services of opportunities."""
    _inherit = 'product.template'

    kam_is_service = fields.Boolean(
        "Key-Account Service", index=True,
        help="Part of the key-account service catalogue: shown in the whitespace matrix of "
             "every account, and offered as the service of opportunities.")
    kam_service_category_id = fields.Many2one(
        'kam.service.category', "Service Category", index='btree_not_null', ondelete='restrict',
        help="Family of the service (connectivity, mobile, cloud, IoT, ICT solutions…): the "
             "column it is shown under in the whitespace matrix (required on the form for a "
             "key-account service; one without is listed under no category).")
