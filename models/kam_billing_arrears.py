from odoo import api, fields, models


class KamBillingArrears(models.Model):
    """A customer's standing with the billing system at the end of a month:
    billed, paid, overdue and for how long. Written like billing lines
    (file, JSON-2 ``kam_arrears_upsert``, integration group); the latest
    month decides whether the account is in arrears (see
    res_partner_billing)."""
    _name = 'kam.billing.arrears'
    _description = "Arrears"
    _inherit = ['kam.account.rule.mixin']
    _order = 'month desc, partner_id'
    _rec_name = 'partner_id'

    partner_id = fields.Many2one(
        'res.partner', "Billing Customer", required=True, ondelete='restrict',
        help="The customer billed, found by its external reference.")
    month = fields.Date(required=True, help="The month of the statement (its first day).")
    company_id = fields.Many2one(
        'res.company', required=True, default=lambda self: self.env.company,
        help="The company whose billing system sent the statement.")
    currency_id = fields.Many2one(related='company_id.currency_id', help="Currency of the amounts.")
    billed = fields.Monetary(help="Amount billed for the month.")
    paid = fields.Monetary(help="Amount paid against it so far.")
    overdue_amount = fields.Monetary(
        "Overdue", help="Amount past its due date at the end of the month, all months included.")
    days_overdue = fields.Integer(
        help="Age in days of the oldest unpaid amount past its due date.")

    _partner_month_uniq = models.Constraint(
        'UNIQUE(partner_id, month)', "A customer has one arrears statement per month.")
    _amounts_positive = models.Constraint(
        'CHECK(billed >= 0 AND paid >= 0 AND overdue_amount >= 0 AND days_overdue >= 0)',
        "Billed, paid and overdue amounts and days cannot be negative.")
    _month_first_day = models.Constraint(
        "CHECK(EXTRACT(DAY FROM month) = 1)", "A statement's month is given by its first day.")

    @api.model
    def kam_arrears_upsert(self, rows):
        """JSON-2: load arrears as the monthly file does. All rows or none;
        returns ``{"created": n, "updated": n, "unchanged": n, "deleted": n}``."""
        return self.env['kam.billing.loader']._kam_load('arrears', rows, numbering='row')
