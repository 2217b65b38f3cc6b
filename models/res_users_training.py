from odoo import fields, models

TRAINING_GROUP = 'key_account_management.group_kam_user'


class ResUsers(models.Model):
    """The training standing of an account manager, on the user form."""
    _inherit = 'res.users'

    kam_training_passed_count = fields.Integer(
        "Trainings Passed", compute='_compute_kam_training_counts', groups=TRAINING_GROUP,
        help="Training plans whose exam the user passed.")
    kam_training_overdue_count = fields.Integer(
        "Trainings Overdue", compute='_compute_kam_training_counts', groups=TRAINING_GROUP,
        help="Training plans past their due date that the user has not passed.")
    kam_training_open_count = fields.Integer(
        "Trainings in Progress", compute='_compute_kam_training_counts', groups=TRAINING_GROUP,
        help="Training plans the user is invited to and has not passed yet.")

    def _compute_kam_training_counts(self):
        counts = {}
        if self.ids:
            for user, status, count in self.env['kam.training.result']._read_group(
                    [('user_id', 'in', self.ids), ('plan_state', '!=', 'draft')],
                    ['user_id', 'status'], ['__count']):
                counts.setdefault(user.id, {})[status] = count
        for user in self:
            stats = counts.get(user.id, {})
            user.kam_training_passed_count = stats.get('passed', 0)
            user.kam_training_overdue_count = stats.get('overdue', 0)
            user.kam_training_open_count = stats.get('to_do', 0) + stats.get('in_progress', 0)

    def action_kam_view_training_results(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.kam_training_result_action')
        action['domain'] = [('user_id', '=', self.id)]
        action['context'] = {'search_default_group_by_status': 1}
        return action
