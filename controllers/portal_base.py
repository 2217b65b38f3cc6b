"""What the addon's portal pages share: the home counters (/my/counters)
counted in one query, and the previous/next buttons of a document page
without writing anything."""
from odoo.http import request
from odoo.tools import SQL

from odoo.addons.portal.controllers.portal import CustomerPortal


def count_all(specs):
    """{key: number of records} for ``specs`` {key: (model, domain)}: the
    records ``model`` may read (its access rights and record rules, as
    ``search_count``) that match ``domain``, all counted in one query."""
    counts, selects = {}, []
    for key, (model, domain) in specs.items():
        if not model.has_access('read'):
            counts[key] = 0
            continue
        query = model._search(domain)
        if query.is_empty():
            counts[key] = 0
            continue
        selects.append((key, SQL("(%s)", query.select(SQL("COUNT(*)")))))
    if selects:
        row = request.env.execute_query(
            SQL("SELECT %s", SQL(", ").join(select for _key, select in selects)))[0]
        counts.update(zip([key for key, _select in selects], row))
    return counts


KAM_DOCUMENTS = ('kam.contract', 'kam.project', 'kam.service.request', 'kam.tariff.application')


def records_pager(history, document):
    """Odoo's ``get_records_pager`` (the previous and next documents of the
    list the user came from) without its write: Odoo links them with their
    access token and creates the token when there is none, a write that a
    read-only page must not make. The user opened the list, so reads them:
    their plain URL is enough."""
    ids = request.session.get(history) or [] if history else []
    if document.id not in ids or 'access_url' not in document._fields:
        return {}
    index = ids.index(document.id)
    previous = index and document.browse(ids[index - 1])
    following = index < len(ids) - 1 and document.browse(ids[index + 1])
    return {'prev_record': previous and previous.access_url,
            'next_record': following and following.access_url}


class KamPortalBase(CustomerPortal):
    """Each of the addon's portal pages names its counter's records in
    ``_kam_portal_counters``; the home page's counters are then counted
    together, in one query, rather than one ``search_count`` (and its
    record rules) after the other. Its document pages write nothing."""

    def _get_page_view_values(self, document, access_token, values, session_history,
                              no_breadcrumbs, **kwargs):
        if document._name not in KAM_DOCUMENTS:
            return super()._get_page_view_values(document, access_token, values,
                                                 session_history, no_breadcrumbs, **kwargs)
        values = super()._get_page_view_values(document, access_token, values, None,
                                               no_breadcrumbs, **kwargs)
        values.update(records_pager(session_history, document))
        return values

    def _kam_portal_counters(self, counters):
        """{counter: (model, domain)} of the addon's ``counters`` asked for."""
        return {}

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        values.update(count_all(self._kam_portal_counters(counters)))
        return values
