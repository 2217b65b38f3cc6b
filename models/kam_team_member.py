from odoo import fields, models


class KamTeamMember(models.Model):
    """A user supporting the account manager on one key account."""
    _name = 'kam.team.member'
    _description = "Key Account Team Member"
    _order = 'partner_id, role, id'
    _rec_name = 'user_id'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    partner_id = fields.Many2one(
        'res.partner', "Key Account", required=True, ondelete='cascade', index=True,
        domain=[('is_company', '=', True)])
    user_id = fields.Many2one(
        'res.users', "Member", required=True, ondelete='cascade', index=True,
        domain=[('share', '=', False)])
    role = fields.Selection([
        ('solution_engineer', "Solution Engineer"),
        ('service_manager', "Service Manager"),
        ('delivery_manager', "Delivery Manager"),
        ('technical_support', "Technical Support"),
        ('other', "Other"),
    ], string="Role", required=True, default='service_manager')
    note = fields.Char("Note")

    _partner_user_uniq = models.Constraint(
        'UNIQUE(partner_id, user_id)', "A user is on an account's team only once.")
