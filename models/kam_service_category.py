from odoo import api, fields, models


class KamServiceCategory(models.Model):
    """A family of the operator's key-account services (connectivity,
    mobile, cloud, IoT, ICT solutions…): the columns of the whitespace
    matrix. Administrators add their own next to the shipped ones."""
    _name = 'kam.service.category'
    _description = "Key Account Service Category"
    _order = 'sequence, id'

    name = fields.Char(
        "Category", required=True, translate=True,
        help="Name of the service family shown as a column of the whitespace matrix.")
    code = fields.Char(help="Short unique code, used in imports and reports.")
    sequence = fields.Integer(default=10, help="Order of the columns in the whitespace matrix.")
    active = fields.Boolean(default=True, help="Archived categories can no longer be chosen.")
    description = fields.Text(translate=True, help="Which services the category covers.")
    color = fields.Integer(help="Colour of the category's tag.")
    product_count = fields.Integer(
        "Services", compute='_compute_product_count',
        help="Key-account services in this category.")

    _code_uniq = models.Constraint('UNIQUE(code)', "A service category code must be unique.")

    @api.depends_context('uid')
    def _compute_product_count(self):
        counts = dict(self.env['product.template']._read_group(
            [('kam_service_category_id', 'in', self.ids), ('kam_is_service', '=', True)],
            ['kam_service_category_id'], ['__count']))
        for category in self:
            category.product_count = counts.get(category, 0)

    def action_view_products(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.product_template_action_kam_services')
        action['domain'] = [('kam_service_category_id', '=', self.id)]
        action['context'] = {'default_kam_service_category_id': self.id,
                             'default_kam_is_service': True, 'default_type': 'service'}
        return action
