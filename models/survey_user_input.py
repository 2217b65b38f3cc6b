from odoo import fields, models


class SurveyUserInput(models.Model):
    """A customer's answers to the satisfaction survey of a return visit."""
    _inherit = 'survey.user_input'

    kam_visit_id = fields.Many2one(
        'kam.visit', "Return Visit", index='btree_not_null', ondelete='set null',
        help="The return visit after which the survey was sent; its scale answers make the "
             "visit's satisfaction.")
