from odoo import api, models


class KamMember(models.Model):
    """Group members' mobile numbers: masked for users who do not serve the
    member's key account (kam.phone.mask.mixin), revealed by Show for the
    allowed, and the member lists read and exported in the processing log."""
    _name = 'kam.member'
    _inherit = ['kam.member', 'kam.phone.reveal.mixin']

    _kam_phone_fields = ('mobile',)

    @api.model
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None,
                        count_limit=None):
        result = super().web_search_read(domain, specification, offset=offset, limit=limit,
                                         order=order, count_limit=count_limit)
        rows = result.get('records') or []
        if rows:
            members = self.browse([row['id'] for row in rows])
            self.env['kam.processing.log']._kam_log(
                'read_list', members, self.env._(
                    "Member list read: %(count)s of %(total)s members",
                    count=len(rows), total=result.get('length', len(rows))))
        return result

    # the log line is written in the same request: a read/write cursor, not
    # the read-only one (a replica) Odoo gives the lists it inherits from
    web_search_read._readonly = False
