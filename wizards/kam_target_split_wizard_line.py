from odoo import fields, models


class KamTargetSplitWizardLine(models.TransientModel):
    """One part of a target being split: its unit and its value."""
    _name = 'kam.target.split.wizard.line'
    _description = "Part of a Split Key Account Target"

    wizard_id = fields.Many2one('kam.target.split.wizard', required=True, ondelete='cascade',
                                help="The split this part belongs to.")
    region_id = fields.Many2one('kam.region', help="The region the part is for.")
    team_id = fields.Many2one('crm.team', "Sales Team", help="The sales team the part is for.")
    user_id = fields.Many2one('res.users', "Account Manager", domain=[('share', '=', False)],
                              help="The account manager the part is for.")
    basis_value = fields.Float(
        "Basis", digits=(16, 2), readonly=True,
        help="Last year's KPI of the unit, or the key accounts it holds: its share follows it.")
    target_value = fields.Float(
        "Target", digits=(16, 2), required=True,
        help="The part's target; for KPIs that add up, the parts add up to the whole.")
