from odoo import fields, models


class SurveyInvite(models.TransientModel):
    """Inviting the contacts of a return visit: their answers are linked to
    the visit (and only those made for it count)."""
    _inherit = 'survey.invite'

    kam_visit_id = fields.Many2one(
        'kam.visit', "Return Visit",
        help="The return visit the survey is sent for; answers come back to it.")

    def _get_answers_values(self):
        values = super()._get_answers_values()
        if self.kam_visit_id:
            values['kam_visit_id'] = self.kam_visit_id.id
        return values

    def _prepare_answers(self, partners, emails):
        if not self.kam_visit_id:
            return super()._prepare_answers(partners, emails)
        # answers given for other visits (or none) are not this visit's:
        # each contact gets one answer of their own for it
        existing = self.env['survey.user_input'].search([
            ('survey_id', '=', self.survey_id.id), ('kam_visit_id', '=', self.kam_visit_id.id)])
        answers = existing.filtered(lambda a: a.partner_id in partners or a.email in emails)
        for partner in partners - answers.partner_id:
            answers |= self.survey_id._create_answer(
                partner=partner, check_attempts=False, **self._get_answers_values())
        for email in set(emails) - set(answers.mapped('email')):
            answers |= self.survey_id._create_answer(
                email=email, check_attempts=False, **self._get_answers_values())
        return answers
