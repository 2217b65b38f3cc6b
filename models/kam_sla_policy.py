from odoo import api, fields, models


class KamSlaPolicy(models.Model):
    """Service level of a work-order type: working hours to accept and to
    resolve, for one tier or, without a tier, for every tier (then scaled by
    the tier's SLA factor)."""
    _name = 'kam.sla.policy'
    _description = "Work Order SLA Policy"
    _order = 'type_id, tier_id, id'

    type_id = fields.Many2one(
        'kam.service.request.type', "Work Order Type", required=True, ondelete='cascade',
        index=True, help="The work orders this service level applies to.")
    tier_id = fields.Many2one(
        'kam.tier', ondelete='cascade',
        help="Accounts of this tier get these hours as they are; leave empty for the default "
             "of every tier, multiplied by each tier's SLA factor.")
    hours_accept = fields.Float(
        "Hours to Accept", required=True, default=4.0,
        help="Working hours (the company's working schedule) from submission to acceptance "
             "or approval.")
    hours_resolve = fields.Float(
        "Hours to Resolve", required=True, default=24.0,
        help="Working hours from submission to completion.")
    company_id = fields.Many2one(
        'res.company', required=True, default=lambda self: self.env.company,
        help="Company whose work orders follow this policy; its working schedule counts "
             "the hours.")
    active = fields.Boolean(default=True, help="Archived policies no longer set deadlines.")

    _type_tier_company_uniq = models.UniqueIndex(
        "(type_id, COALESCE(tier_id, 0), company_id) WHERE active",
        "A work order type has one service level per tier and company.")
    _hours_positive = models.Constraint(
        "CHECK(hours_accept > 0 AND hours_resolve > 0 AND hours_resolve >= hours_accept)",
        "Hours to accept and to resolve must be positive, and resolving cannot take less "
        "time than accepting.")

    @api.model
    def _kam_find(self, request_type, tier, company):
        """(hours to accept, hours to resolve) for a work order, or None:
        the tier's own policy, else the default one scaled by the tier's
        SLA factor."""
        policies = self.sudo().search([
            ('type_id', '=', request_type.id), ('company_id', '=', company.id),
            ('tier_id', 'in', [tier.id, False] if tier else [False])])
        own = policies.filtered(lambda p: tier and p.tier_id == tier)[:1]
        if own:
            return own.hours_accept, own.hours_resolve
        default = policies.filtered(lambda p: not p.tier_id)[:1]
        if not default:
            return None
        factor = tier.sla_factor if tier and tier.sla_factor > 0 else 1.0
        return default.hours_accept * factor, default.hours_resolve * factor
