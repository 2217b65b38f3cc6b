from odoo import fields, models


class KamDelayReason(models.Model):
    _name = 'kam.delay.reason'
    _description = "Delay Reason"
    _order = 'sequence, id'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char("Delay Reason", required=True, translate=True)
    code = fields.Char("Code", required=True, help="Short code used in reports and exports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text("Description", translate=True)

    _code_uniq = models.Constraint('UNIQUE(code)', "Each delay reason needs its own code.")
