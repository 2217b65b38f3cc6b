"""The addon's counters of the portal home (/my/counters), in one query."""
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


class KamPortalCounters(CustomerPortal):
    """Each of the addon's portal pages names its counter's records in
    ``_kam_portal_counters``; the home page's counters are then counted
    together, in one query, rather than one ``search_count`` (and its
    record rules) after the other."""

    def _kam_portal_counters(self, counters):
        """{counter: (model, domain)} of the addon's ``counters`` asked for."""
        return {}

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        values.update(count_all(self._kam_portal_counters(counters)))
        return values
