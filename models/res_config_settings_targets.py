from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kam_agent_ranking import GRADE_A_DEFAULT, GRADE_A_PARAM, GRADE_B_DEFAULT, GRADE_B_PARAM


class ResConfigSettings(models.TransientModel):
    """Appraisal settings: the key-account department beside the others,
    and the scores that grade the agents A and B."""
    _inherit = 'res.config.settings'

    kam_department_id = fields.Many2one(
        related='company_id.kam_department_id', readonly=False,
        help="The department of the key-account managers: the department appraisal shows its "
             "own work beside the other departments'.")
    kam_agent_grade_a = fields.Integer(
        "Grade A From (Score)", config_parameter=GRADE_A_PARAM, default=GRADE_A_DEFAULT,
        help="Agents scoring at least this much in a quarter (out of 100) are graded A.")
    kam_agent_grade_b = fields.Integer(
        "Grade B From (Score)", config_parameter=GRADE_B_PARAM, default=GRADE_B_DEFAULT,
        help="Agents scoring at least this much, below grade A, are graded B; the others C.")

    @api.constrains('kam_agent_grade_a', 'kam_agent_grade_b')
    def _check_kam_agent_grades(self):
        for settings in self:
            if not 0 <= settings.kam_agent_grade_b <= settings.kam_agent_grade_a <= 100:
                raise ValidationError(self.env._(
                    "Agent grades: give scores between 0 and 100, grade A's at least grade B's."))
