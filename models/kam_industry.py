from odoo import api, fields, models


class KamIndustry(models.Model):
    _name = 'kam.industry'
    _description = "Key Account Industry"
    _order = 'sequence, name'

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    name = fields.Char("Industry", required=True, translate=True)
    code = fields.Char("Code")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_strategic = fields.Boolean(
        "Strategic Industry",
        help="Party, government, military, media, finance…: accounts of a strategic "
             "industry qualify for the tiers that let strategic industries in.")
    description = fields.Text(translate=True)
    color = fields.Integer()
    account_count = fields.Integer("Key Accounts", compute='_compute_account_count')

    _code_uniq = models.Constraint('UNIQUE(code)', "An industry code must be unique.")

    # ------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------

    @api.depends_context('uid')
    def _compute_account_count(self):
        counts = dict(self.env['res.partner']._read_group(
            [('kam_industry_id', 'in', self.ids), ('kam_is_key_account', '=', True)],
            ['kam_industry_id'], ['__count']))
        for industry in self:
            industry.account_count = counts.get(industry, 0)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_accounts(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.res_partner_action_key_accounts')
        action['domain'] = [('kam_industry_id', '=', self.id)]
        return action
