from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamStepTemplate(models.Model):
    """One provisioning step of a work-order type (survey, design,
    construction, test, hand-over): the department that does it, its own
    SLA and the steps it waits for. A work order of the type gets a copy
    of these steps when it is submitted."""
    _name = 'kam.step.template'
    _description = "Provisioning Step Template"
    _order = 'type_id, sequence, id'

    type_id = fields.Many2one(
        'kam.service.request.type', "Work Order Type", required=True, index=True,
        ondelete='cascade',
        help="The work-order type whose orders get this step.")
    sequence = fields.Integer(default=10, help="Order of the step in the type's template.")
    name = fields.Char(
        "Step Name", required=True, translate=True,
        help="What is done in this step, e.g. Site Survey; the customer sees it in the portal.")
    department_id = fields.Many2one(
        'hr.department', required=True, check_company=False,
        help="Department that does the step; its manager closes it in the Department Work app.")
    sla_value = fields.Integer(
        "SLA", required=True, default=1,
        help="Time the department has for the step once the steps it waits for are done, "
             "in the unit beside it.")
    sla_unit = fields.Selection(
        [('hours', "Working Hours"), ('days', "Days")], "SLA Unit", required=True,
        default='days',
        help="Working hours count in the company's working schedule; days are calendar days.")
    predecessor_ids = fields.Many2many(
        'kam.step.template', 'kam_step_template_predecessor_rel', 'step_id', 'predecessor_id',
        "Waits For", domain="[('type_id', '=', type_id), ('id', '!=', id)]",
        help="Steps of the same template that must be done before this one starts; without "
             "any, the step starts when the work order is submitted.")

    _sla_positive = models.Constraint(
        'CHECK(sla_value > 0)', "The SLA of a step must be at least one hour or one day.")

    @api.constrains('predecessor_ids', 'type_id')
    def _check_predecessors(self):
        for step in self:
            if step.predecessor_ids.type_id - step.type_id:
                raise ValidationError(self.env._(
                    "A step waits only for steps of the same work-order type."))
        if self._has_cycle('predecessor_ids'):
            raise ValidationError(self.env._(
                "The steps of a work-order type cannot wait for each other in a circle: "
                "check the steps they wait for."))
