from odoo import fields, models

from .kam_retention_mixin import person_domain


class KamMember(models.Model):
    """Removed members' personal data is erased by the retention job; a
    person's erasure request erases it at once."""
    _inherit = ['kam.member', 'kam.retention.mixin']
    _name = 'kam.member'
    _kam_personal_fields = ('name', 'mobile', 'email', 'department', 'job_title',
                            'external_ref', 'note')

    def _kam_person_domain(self, name, number):
        return person_domain('name', name, 'mobile', number)

    def _kam_retention_domain(self, cutoff):
        return super()._kam_retention_domain(cutoff) + [
            ('state', '=', 'removed'), ('date_leave', '<=', fields.Date.to_date(cutoff))]

    def _kam_erased_values(self):
        return {**super()._kam_erased_values(),
                'name': self.env._("Erased member #%s", self.id),
                # unique in its group among the enrolled: a placeholder of its own
                'mobile': f'erased-{self.id}'}

    def _kam_normalize(self, vals):
        if self.env.context.get('kam_erasing'):
            return vals
        return super()._kam_normalize(vals)

    def _kam_erase_linked(self):
        self.env['kam.sms.recipient'].sudo().search([('member_id', 'in', self.ids)])._kam_erase()
        self.env['kam.sms.consent'].sudo().search([('member_id', 'in', self.ids)]).unlink()
        return super()._kam_erase_linked()
