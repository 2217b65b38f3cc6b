from odoo import api, models
from odoo.http import request

# the external API's read methods whose member rows go in the processing log
API_READS = ('search_read', 'read', 'web_read')


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

    # ------------------------------------------------------------
    # Members read by integrations (JSON-2)
    # ------------------------------------------------------------

    def _kam_log_api_read(self, method, rows):
        """A JSON-2 call of ``method`` on kam.member (``/json/2/kam.member/<method>``)
        that returned ``rows``: written in the processing log, like a list read
        in the web client. Reads made by code inside other calls are not."""
        if not rows or not request or request.httprequest.path.rstrip('/') != \
                f'/json/2/{self._name}/{method}':
            return
        members = self.browse([row['id'] for row in rows if row.get('id')])
        self.env['kam.processing.log']._kam_log('read_list', members, self.env._(
            "Members read through the API (%(method)s): %(count)s members",
            method=method, count=len(members)))

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs):
        rows = super().search_read(domain=domain, fields=fields, offset=offset, limit=limit,
                                   order=order, **read_kwargs)
        self._kam_log_api_read('search_read', rows)
        return rows

    def read(self, fields=None, load='_classic_read'):
        rows = super().read(fields=fields, load=load)
        self._kam_log_api_read('read', rows)
        return rows

    def web_read(self, specification):
        rows = super().web_read(specification)
        self._kam_log_api_read('web_read', rows)
        return rows

    # each writes its log line: a read/write cursor, not a replica's
    search_read._readonly = False
    read._readonly = False
    web_read._readonly = False
