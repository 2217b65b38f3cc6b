from odoo import fields, models


class KamKnowledgeTag(models.Model):
    """A keyword of the winning cases (5G, IoT, cloud, private line…)."""
    _name = 'kam.knowledge.tag'
    _description = "Winning Case Tag"
    _order = 'name'

    name = fields.Char("Tag", required=True, translate=True, help="The keyword shown on the cases.")
    color = fields.Integer("Colour", help="Colour of the tag.")

    _name_uniq = models.Constraint('UNIQUE(name)', "A tag with this name already exists.")
