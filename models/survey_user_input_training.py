from odoo import api, models


class SurveyUserInput(models.Model):
    """A finished attempt at a training exam updates the manager's result."""
    _inherit = 'survey.user_input'

    @api.model_create_multi
    def create(self, vals_list):
        answers = super().create(vals_list)
        done = answers.filtered(lambda a: a.state == 'done')
        if done:
            self.env['kam.training.result']._kam_refresh_for_answers(done)
        return answers

    def write(self, vals):
        res = super().write(vals)
        if vals.get('state') == 'done' or ('test_entry' in vals):
            self.env['kam.training.result']._kam_refresh_for_answers(self)
        return res
