from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from ..models.kam_health_rule import health_thresholds
from ..models.kam_service_request import OPEN_STATES as REQUEST_OPEN_STATES
from ..models.res_partner import KAM_USER
from ..models.res_partner_decision_map import BUYING_ROLES

# what one dossier lists at most (the counts above each list stay complete)
MAX_TREE_ROWS = 100
MAX_OPEN_REQUESTS = 30
MAX_CASES = 10
MAX_VISITS = 5
MAX_OFFERS = 10
# how far back ended contracts, visits, offers and the health curve go
HISTORY_MONTHS = 12
# the health curve, drawn as an inline SVG (no JavaScript: wkhtmltopdf)
CHART_WIDTH = 680
CHART_HEIGHT = 150
CHART_TOP = 16      # room above a full bar for its score
CHART_BOTTOM = 18   # room below the bars for the months
BAND_COLORS = {'healthy': '#28a745', 'watch': '#f0ad4e', 'at_risk': '#dc3545'}


def _companies(subtrees):
    """Ids of every company of the dossiers' subtrees, for one search."""
    return list(set().union(*subtrees.values()))


class ReportKamAccountDossier(models.AbstractModel):
    """The account dossier: everything the app knows about a key account on
    a few pages. The account's own key-account data (profile, tier, group
    rollups, decision map, health) is read like on the account form; its
    contracts, projects, work orders, retention cases, visits and offers are
    searched with the reader's rights, so that a Key Accounts user sees in
    print what he may open on screen. Each section is read in one search for
    all the dossiers printed together: the queries do not grow with the
    number of contracts, projects or work orders."""
    _name = 'report.key_account_management.report_kam_account_dossier'
    _description = "Account Dossier Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        if not self.env.user.has_group(KAM_USER):
            raise AccessError(self.env._("Only Key Accounts users print account dossiers."))
        docs = self.env['res.partner'].browse(docids)
        docs.check_access('read')
        not_key = docs.filtered(lambda partner: not partner.kam_is_key_account)
        if not_key:
            raise UserError(self.env._(
                "%s is not a key account: dossiers are printed for key accounts only.",
                not_key[0].display_name))
        today = fields.Date.context_today(self)
        trees, subtrees = self._kam_group_trees(docs)
        return {
            'doc_ids': docs.ids,
            'doc_model': 'res.partner',
            'docs': docs,
            'today': today,
            'trees': trees,
            'contacts': self._kam_decision_maps(docs, subtrees),
            'contracts': self._kam_contracts(docs, subtrees, today),
            'projects': self._kam_projects(docs, subtrees),
            'work_orders': self._kam_work_orders(docs, subtrees, today),
            'retention': self._kam_retention(docs, today),
            'charts': self._kam_health_charts(docs, today),
            'plans': self._kam_account_plans(docs, today),
        }

    # ------------------------------------------------------------
    # Sections
    # ------------------------------------------------------------

    def _kam_group_trees(self, docs):
        """``({doc id: {'rows': [(company, depth)], 'more': n}}, {doc id: {ids}})``:
        each account and the companies below it, depth first, siblings by
        name; and the ids of that whole subtree (what the other sections
        cover)."""
        companies = self.env['res.partner'].search(Domain.OR(
            [('kam_group_path', '=like', f'{doc.kam_group_path}%')] for doc in docs
        ) & Domain('is_company', '=', True), order='name, id')
        children = defaultdict(list)
        for company in companies:
            children[company.parent_id.id].append(company.id)
        trees, subtrees = {}, {}
        for doc in docs:
            ordered, stack = [], [(doc.id, 0)]
            while stack:
                node, depth = stack.pop()
                ordered.append((node, depth))
                stack.extend((child, depth + 1) for child in reversed(children[node]))
            # a recordset of the rows shown: their rollups are computed together
            shown = self.env['res.partner'].browse([node for node, _depth in ordered[:MAX_TREE_ROWS]])
            depths = dict(ordered)
            trees[doc.id] = {
                'rows': [(company, depths[company.id]) for company in shown],
                'more': max(len(ordered) - MAX_TREE_ROWS, 0),
            }
            subtrees[doc.id] = {node for node, _depth in ordered}
        return trees, subtrees

    def _kam_decision_maps(self, docs, subtrees):
        """``{doc id: contacts}``: the contact persons of the account and of
        the companies below it who have a place in the decision map, in
        buying order, the most influential first."""
        contacts = self.env['res.partner'].search([
            ('parent_id', 'in', _companies(subtrees)),
            ('is_company', '=', False),
            '|', '|', ('kam_buying_role', '!=', False), ('kam_attitude', '!=', False),
            ('kam_reports_to_id', '!=', False),
        ])
        order = {role: index for index, (role, _label) in enumerate(BUYING_ROLES)}
        contacts = contacts.sorted(lambda c: (order.get(c.kam_buying_role, len(order)),
                                              -c.kam_influence, c.name or ''))
        return {doc.id: contacts.filtered(lambda c, ids=subtrees[doc.id]: c.parent_id.id in ids)
                for doc in docs}

    def _kam_contracts(self, docs, subtrees, today):
        """``{doc id: contracts}`` the reader may open: drafts and running
        contracts, and those that ended in the last year."""
        since = today - timedelta(days=365)
        contracts = self.env['kam.contract'].search([
            ('partner_id', 'in', _companies(subtrees)),
            '|', ('state', 'in', ('draft', 'active', 'expiring')), ('date_end', '>=', since),
        ], order='date_end, id')
        running = {'expiring': 0, 'active': 1, 'draft': 2}
        contracts = contracts.sorted(lambda c: (running.get(c.state, 3), c.date_end, c.id))
        return {doc.id: contracts.filtered(lambda c, ids=subtrees[doc.id]: c.partner_id.id in ids)
                for doc in docs}

    def _kam_projects(self, docs, subtrees):
        """``{doc id: [(project, department work)]}``: the open delivery
        projects the reader may open, each with its departments' lines."""
        projects = self.env['kam.project'].search([
            ('partner_id', 'in', _companies(subtrees)),
            ('stage', 'in', ('draft', 'in_progress')),
        ])
        tasks = self.env['kam.project.task'].search([('project_id', 'in', projects.ids)])
        by_project = tasks.grouped('project_id')
        empty = self.env['kam.project.task']
        return {doc.id: [(project, by_project.get(project, empty))
                         for project in projects if project.partner_id.id in subtrees[doc.id]]
                for doc in docs}

    def _kam_work_orders(self, docs, subtrees, today):
        """``{doc id: {...}}``: counts of the work orders the reader may open
        (open, open past SLA, completed in 90 days and of them late) and the
        open ones, the most urgent deadline first."""
        Request = self.env['kam.service.request']
        company_ids = _companies(subtrees)
        since = fields.Datetime.to_datetime(today - timedelta(days=90))
        rows = Request._read_group(
            [('partner_id', 'in', company_ids),
             '|', ('state', 'in', REQUEST_OPEN_STATES),
             '&', ('state', '=', 'done'), ('date_done', '>=', since)],
            ['partner_id', 'state', 'sla_status'], ['__count'])
        open_requests = Request.search(
            [('partner_id', 'in', company_ids), ('state', 'in', REQUEST_OPEN_STATES)])
        far = fields.Datetime.to_datetime('9999-12-31')
        open_requests = open_requests.sorted(
            lambda r: (r.sla_status != 'breached', r.deadline_resolve or far, r.id))
        result = {}
        for doc in docs:
            ids = subtrees[doc.id]
            counts = defaultdict(int)
            for company, state, sla_status, count in rows:
                if company.id not in ids:
                    continue
                kind = 'done' if state == 'done' else 'open'
                counts[kind] += count
                if sla_status == 'breached':
                    counts[f'{kind}_breached'] += count
            mine = open_requests.filtered(lambda r, ids=ids: r.partner_id.id in ids)
            result[doc.id] = {
                'counts': counts,
                'open': mine[:MAX_OPEN_REQUESTS],
                'more': max(len(mine) - MAX_OPEN_REQUESTS, 0),
            }
        return result

    def _kam_retention(self, docs, today):
        """``{doc id: {'cases', 'visits', 'offers'}}`` of the account itself,
        as far as the reader may open them: its retention cases, its last
        visits done in the year and the competitor offers of the year."""
        since = today - timedelta(days=365)
        cases = self.env['kam.retention.case'].search([('partner_id', 'in', docs.ids)])
        visits = self.env['kam.visit'].search([
            ('partner_id', 'in', docs.ids), ('state', '=', 'done'), ('date', '>=', since)])
        offers = self.env['kam.competitor.offer'].search([
            ('partner_id', 'in', docs.ids),
            '|', ('date', '>=', since), ('valid_until', '>=', today)])
        # one pass over each list, not one per account
        cases, visits, offers = (records.grouped('partner_id') for records in (cases, visits, offers))
        return {doc.id: {
            'cases': cases.get(doc, self.env['kam.retention.case'])[:MAX_CASES],
            'visits': visits.get(doc, self.env['kam.visit'])[:MAX_VISITS],
            'offers': offers.get(doc, self.env['kam.competitor.offer'])[:MAX_OFFERS],
        } for doc in docs}

    def _kam_account_plans(self, docs, today):
        """``{doc id: plan}``: the approved plan of each account whose period
        covers today, as far as the reader may open it."""
        plans = self.env['kam.account.plan'].search([
            ('partner_id', 'in', docs.ids), ('state', '=', 'approved'),
            ('date_start', '<=', today), ('date_end', '>=', today)])
        return {plan.partner_id.id: plan for plan in plans}

    def _kam_health_charts(self, docs, today):
        """``{doc id: chart}``: the account's health score of the last twelve
        months as bars of an inline SVG, coloured by band, with the watch and
        at-risk thresholds as dashed lines."""
        first = today.replace(day=1) - relativedelta(months=HISTORY_MONTHS - 1)
        rows = self.env['kam.health.history'].search(
            [('partner_id', 'in', docs.ids), ('month', '>=', first)], order='month, id')
        watch_below, risk_below = health_thresholds(self.env)
        plot = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM

        def y_of(score):
            return CHART_TOP + plot * (100 - max(0, min(score, 100))) / 100.0

        charts = {}
        rows = rows.grouped('partner_id')
        for doc in docs:
            months = rows.get(doc)
            if not months:
                continue
            step = CHART_WIDTH / max(len(months), 6)
            bars = []
            for index, row in enumerate(months):
                top = y_of(row.score)
                bars.append({
                    'x': round(index * step + step * 0.2, 1),
                    'width': round(step * 0.6, 1),
                    'y': round(top, 1),
                    'height': round(CHART_TOP + plot - top, 1),
                    'center': round(index * step + step / 2, 1),
                    'score': row.score,
                    'month': row.month.strftime('%Y-%m'),
                    'color': BAND_COLORS.get(row.band, '#6c757d'),
                })
            charts[doc.id] = {
                'width': CHART_WIDTH, 'height': CHART_HEIGHT,
                'baseline': CHART_TOP + plot,
                'label_y': CHART_HEIGHT - 4,
                'bars': bars,
                'thresholds': [{'y': round(y_of(value), 1), 'value': value}
                               for value in sorted({watch_below, risk_below}) if 0 < value <= 100],
            }
        return charts
