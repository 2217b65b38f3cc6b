from odoo import fields, models


class KamDelayReason(models.Model):
    _name = 'kam.delay.reason'
    _description = "Delay Reason"
    _order = 'sequence, id'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char(
        "Delay Reason", required=True, translate=True,
        help="Name of the reason shown to users.")
    code = fields.Char(required=True, help="Short code used in reports and exports.")
    sequence = fields.Integer(default=10, help="Order in lists and selections.")
    active = fields.Boolean(default=True, help="Archived reasons can no longer be chosen.")
    description = fields.Text(translate=True, help="When to use this reason.")

    _code_uniq = models.Constraint('UNIQUE(code)', "Each delay reason needs its own code.")
