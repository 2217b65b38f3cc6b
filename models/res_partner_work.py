from odoo import fields, models

from .res_partner import KAM_USER


class ResPartner(models.Model):
    """The account's live business on its own form: its contracts,
    delivery projects, work orders, group members and account plans as
    related lists (the smart buttons open the whole group's)."""
    _inherit = 'res.partner'

    kam_contract_ids = fields.One2many(
        'kam.contract', 'partner_id', "Contracts", copy=False, groups=KAM_USER,
        help="Contracts signed with this company.")
    kam_project_ids = fields.One2many(
        'kam.project', 'partner_id', "Delivery Projects", copy=False, groups=KAM_USER,
        help="Delivery projects for this company.")
    kam_service_request_ids = fields.One2many(
        'kam.service.request', 'partner_id', "Work Orders", copy=False, groups=KAM_USER,
        help="Work orders raised for this company.")
    kam_member_ids = fields.One2many(
        'kam.member', 'partner_id', "Members of This Company", copy=False, groups=KAM_USER,
        help="Lines of this company enrolled under the group's agreement.")
    kam_account_plan_ids = fields.One2many(
        'kam.account.plan', 'partner_id', "Plans of This Company", copy=False, groups=KAM_USER,
        help="Account plans of this company.")
