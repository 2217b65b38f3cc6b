from odoo import api, fields, models


class KamAccountGroupMixin(models.AbstractModel):
    """Records of a group customer's companies (members, work orders) keep
    on their own row, stored and indexed, the group their company belongs
    to: the portal rules and the checks within a group read this column
    instead of walking the partners."""
    _name = 'kam.account.group.mixin'
    _description = "Key Account Group Mixin"

    group_id = fields.Many2one(
        'res.partner', "Group Customer", compute='_compute_group_id', store=True, index=True,
        help="Top company of the group the record's company belongs to; its portal users "
             "read the record, and its members are the ones the record may touch. Computed.")

    @api.depends('partner_id.kam_group_id')
    def _compute_group_id(self):
        for record in self:
            record.group_id = record.partner_id.kam_group_id
