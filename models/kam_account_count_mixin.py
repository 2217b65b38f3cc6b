from odoo import api, fields, models


class KamAccountCountMixin(models.AbstractModel):
    """Configuration records (tiers, industries…) that key accounts point to:
    how many accounts use each, and a button listing them."""
    _name = 'kam.account.count.mixin'
    _description = "Key Account Count Mixin"

    # res.partner field pointing at the record
    _kam_partner_field = None

    account_count = fields.Integer(
        "Key Accounts", compute='_compute_account_count',
        help="Key accounts that use this record.")

    @api.depends_context('uid')
    def _compute_account_count(self):
        counts = dict(self.env['res.partner']._read_group(
            [(self._kam_partner_field, 'in', self.ids), ('kam_is_key_account', '=', True)],
            [self._kam_partner_field], ['__count']))
        for record in self:
            record.account_count = counts.get(record, 0)

    def action_view_accounts(self):
        self.ensure_one()
        action = self.env['ir.actions.act_window']._for_xml_id(
            'key_account_management.res_partner_action_key_accounts')
        action['domain'] = [(self._kam_partner_field, '=', self.id)]
        action['context'] = {'default_' + self._kam_partner_field: self.id,
                             'default_kam_is_key_account': True, 'default_is_company': True}
        return action
