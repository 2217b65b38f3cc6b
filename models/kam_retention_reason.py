from odoo import fields, models


class KamRetentionReason(models.Model):
    """Why a customer thinks of leaving: price, quality, a competitor,
    relocation, a merger, a policy change…"""
    _name = 'kam.retention.reason'
    _description = "Retention Reason"
    _order = 'sequence, id'

    name = fields.Char("Reason", required=True, translate=True, help="The reason as people read it.")
    code = fields.Char(help="Short code for reports and integrations.")
    sequence = fields.Integer(default=10, help="Order in the lists.")
    active = fields.Boolean(default=True, help="Archived reasons are no longer offered.")

    _code_uniq = models.Constraint('UNIQUE(code)', "A retention reason code must be unique.")
