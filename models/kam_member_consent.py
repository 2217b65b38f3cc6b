from odoo import api, fields, models
from odoo.exceptions import UserError


class KamMember(models.Model):
    """A member's consent to marketing SMS, recorded and withdrawn from the
    member form (and by the group administrator in the portal)."""
    _inherit = 'kam.member'

    kam_consent_ids = fields.One2many(
        'kam.sms.consent', 'member_id', "SMS Consents",
        help="The member's consents to marketing SMS, given and withdrawn.")
    kam_marketing_consent = fields.Boolean(
        "Marketing SMS Consent", compute='_compute_kam_marketing_consent',
        help="The member's mobile number has a consent to marketing SMS that is not "
             "withdrawn: marketing group SMS reach it.")

    @api.depends('mobile', 'kam_consent_ids.date_withdrawn')
    def _compute_kam_marketing_consent(self):
        by_company = self.grouped('company_id')
        consented = set()
        for company, members in by_company.items():
            consented |= {(company.id, number) for number in self.env['kam.sms.consent']
                          ._kam_consented(members.sudo().mapped('mobile'), company)}
        for member in self:
            member.kam_marketing_consent = (member.company_id.id, member.sudo().mobile) in consented

    def action_kam_give_consent(self):
        """Record that the members agreed to marketing SMS on their mobile."""
        self.check_access('write')
        return self._kam_give_consent('backend')

    def _kam_give_consent(self, source, note=False):
        given = self.filtered('kam_marketing_consent')
        if given:
            raise UserError(self.env._(
                "%s already agreed to marketing SMS.", given[0].display_name))
        self.env['kam.sms.consent'].sudo().create([{
            'number': member.sudo().mobile, 'member_id': member.id, 'company_id': member.company_id.id,
            'source': source, 'user_id': self.env.uid, 'note': note,
        } for member in self])
        return True

    def action_kam_withdraw_consent(self):
        """Withdraw the members' consents: marketing SMS stop at once."""
        self.check_access('write')
        consents = self.env['kam.sms.consent'].sudo().search([
            ('number', 'in', self.sudo().mapped('mobile')), ('company_id', 'in', self.company_id.ids),
            ('date_withdrawn', '=', False)])
        consents._kam_withdraw()
        return True
