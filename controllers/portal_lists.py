"""Paged, sorted portal lists shared by the addon's portal pages."""
from odoo.http import request

from odoo.addons.portal.controllers.portal import pager as portal_pager


def portal_list_values(model, url, domain, page, sortby, sortings, step, url_args=None,
                       history_key=None):
    """Values of a paged portal list of ``model`` records the current user
    may read: the records of the page, the pager and the sort options; with
    ``history_key``, the page's ids are kept in the session for the detail
    pages' previous/next buttons. Shared by the addon's portal lists."""
    sortby = sortby if sortby in sortings else next(iter(sortings))
    total = model.search_count(domain)
    pager = portal_pager(url=url, url_args=dict(url_args or {}, sortby=sortby),
                         total=total, page=page, step=step)
    records = model.search(domain, order=sortings[sortby]['order'], limit=step,
                           offset=pager['offset'])
    if history_key:
        request.session[history_key] = records.ids[:100]
    return {
        'pager': pager,
        'records': records,
        'searchbar_sortings': sortings,
        'sortby': sortby,
        'default_url': url,
    }


def readonly_on_get(_controller, _rule, _args):
    """``readonly`` of a route that shows a form on GET and writes on POST:
    the form is served from a read-only replica, the post by the primary."""
    return request.httprequest.method in ('GET', 'HEAD')


def readonly_unless_submitted(_controller, _rule, _args):
    """``readonly`` of a document page, except right after the customer
    raised the document (``?submitted=1``, where the post redirects): that
    page is read from the primary, which has what was just written, rather
    than from a replica that may lag behind it."""
    return 'submitted' not in request.httprequest.args
