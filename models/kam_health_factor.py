from odoo import fields, models

from .res_partner import KAM_USER


class KamHealthFactor(models.Model):
    """Why an account's health score is what it is: one line per factor that
    took points off, written by the daily health job with a sentence in the
    account manager's language. Read like the account's other key-account
    data; never written by hand."""
    _name = 'kam.health.factor'
    _description = "Health Factor"
    _order = 'partner_id, points desc, id'

    partner_id = fields.Many2one(
        'res.partner', "Account", required=True, index=True, ondelete='cascade',
        help="The key account whose score the factor lowers.")
    rule_id = fields.Many2one(
        'kam.health.rule', "Factor", required=True, ondelete='cascade',
        help="The rule that measured it.")
    code = fields.Char(related='rule_id.code', help="Technical code of the factor.")
    name = fields.Char(
        "Explanation", required=True,
        help="What was found, in a sentence (\"2 work orders past SLA in 30 days\").")
    value = fields.Float(
        "Measured", digits=(16, 1),
        help="The figure behind the sentence: days, a count, a percentage or a satisfaction.")
    points = fields.Float(
        "Points Lost", digits=(16, 1),
        help="Points the factor takes off the score: its weight, or half of it when only "
             "half met.")
    date = fields.Date("Found On", help="Day the health job measured it.")
    company_id = fields.Many2one(
        related='partner_id.company_id', store=True, index='btree_not_null',
        help="Company of the account.")
    partner_manager_id = fields.Many2one(
        related='partner_id.kam_manager_id', string="Account Manager", groups=KAM_USER,
        help="Manager of the account.")
