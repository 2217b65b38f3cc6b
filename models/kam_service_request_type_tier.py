from ast import literal_eval

from odoo import fields, models


class KamServiceRequestType(models.Model):
    """Whether work orders of a type go through approval levels: read from
    the approval levels (tier definitions) of work orders, not set on the
    type."""
    _inherit = 'kam.service.request.type'

    needs_approval = fields.Boolean(
        compute='_compute_needs_approval',
        help="An approval level of work orders applies to this type (its domain names the "
             "type, or applies to every work order): its orders are reviewed before the "
             "service desk takes them. Set in Configuration > Work Order Approval Levels.")

    def _compute_needs_approval(self):
        definitions = self.env['tier.definition'].sudo().search(
            [('model', '=', 'kam.service.request')])
        Request = self.env['kam.service.request']
        for request_type in self:
            sample = Request.new({'type_id': request_type.id})
            request_type.needs_approval = any(
                sample.filtered_domain(literal_eval(definition.definition_domain or '[]'))
                for definition in definitions
                if not definition.company_id or definition.company_id in self.env.companies)
