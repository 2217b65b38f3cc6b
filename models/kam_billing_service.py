from odoo import fields, models


class KamBillingService(models.Model):
    """A service line of the billing system (voice, mobile data, fixed
    broadband, leased lines, ICT / cloud / IDC, IoT, SMS…): the third key of
    a billing line. Each maps to the service catalogue (a product and its
    whitespace category) and says whether it counts as ICT (信息化) revenue.
    Administrators add the billing system's own codes next to the shipped
    ones."""
    _name = 'kam.billing.service'
    _description = "Billing Service Line"
    _order = 'sequence, id'

    name = fields.Char(
        "Service Line", required=True, translate=True,
        help="Name of the service line as account managers read it on the billing tab.")
    code = fields.Char(
        required=True,
        help="The billing system's code of the service line, as it appears in the monthly "
             "file and in the JSON-2 rows (service_code).")
    sequence = fields.Integer(default=10, help="Order of the service lines in graphs and lists.")
    active = fields.Boolean(
        default=True, help="Archived service lines are refused in new billing files.")
    is_ict = fields.Boolean(
        "ICT Revenue",
        help="Revenue of this line counts as ICT (信息化) revenue: cloud, IDC, system "
             "integration. The account's ICT share reads it.")
    is_voice = fields.Boolean(
        "Voice Revenue",
        help="Revenue of this line counts as voice (话音) revenue in the KPIs and the workbook.")
    category_id = fields.Many2one(
        'kam.service.category', "Service Category", ondelete='restrict',
        help="The whitespace column this service line falls under.")
    product_id = fields.Many2one(
        'product.product', "Catalogue Service", ondelete='restrict',
        domain=[('type', '=', 'service')],
        help="The service of the catalogue this line bills, when there is one.")

    _code_uniq = models.Constraint('UNIQUE(code)', "A billing service line code must be unique.")
