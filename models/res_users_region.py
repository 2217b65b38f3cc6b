from odoo import api, fields, models


class ResUsers(models.Model):
    """The regions a user works in and those he heads."""
    _inherit = 'res.users'

    kam_region_ids = fields.Many2many(
        'kam.region', 'kam_region_user_rel', 'user_id', 'region_id', "Regions",
        copy=False, groups='key_account_management.group_kam_user',
        help="The regions this account manager works in; informative, it gives no rights.")
    kam_head_region_ids = fields.Many2many(
        'kam.region', 'kam_region_head_rel', 'user_id', 'region_id', "Head of Regions",
        copy=False, groups='key_account_management.group_kam_user',
        help="The regions this user heads: with the group Key Accounts / Region Head he sees "
             "and manages the key accounts of these regions and of the regions below them.")
    kam_head_region_tree_ids = fields.Many2many(
        'kam.region', string="Regions in Charge", compute='_compute_kam_head_region_tree_ids',
        groups='key_account_management.group_kam_user',
        help="The regions this user heads and every region below them (archived ones too). "
             "The region heads' record rules read it once per user with the rules, so that a "
             "list costs a plain condition on the records' own indexed region column.")

    @api.depends('kam_head_region_ids.parent_path')
    def _compute_kam_head_region_tree_ids(self):
        Region = self.env['kam.region'].sudo().with_context(active_test=False)
        for user in self:
            heads = user.sudo().kam_head_region_ids
            user.kam_head_region_tree_ids = Region.search(
                [('id', 'child_of', heads.ids)]) if heads else Region

    def write(self, vals):
        res = super().write(vals)
        if 'kam_head_region_ids' in vals:
            # the record rules read the head regions once and keep them
            self.env['kam.region']._kam_drop_rule_cache()
        return res
