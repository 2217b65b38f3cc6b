from odoo import api, fields, models


class KamServiceRequestType(models.Model):
    """Work-order types with provisioning steps: the template that each
    order of the type copies when it is submitted."""
    _inherit = 'kam.service.request.type'

    step_template_ids = fields.One2many(
        'kam.step.template', 'type_id', "Provisioning Steps",
        help="Steps (survey, design, construction, test, hand-over…) each work order of this "
             "type goes through, each owned by a department with its own SLA; the order's "
             "deadline follows them.")
    step_count = fields.Integer(
        "Steps", compute='_compute_step_count',
        help="Number of provisioning steps in the type's template.")

    @api.depends('step_template_ids')
    def _compute_step_count(self):
        for request_type in self:
            request_type.step_count = len(request_type.step_template_ids)
