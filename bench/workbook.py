"""The management workbook against Odoo's own xlsx export at 100,000 key
accounts: time of the Accounts sheet against `/web/export/xlsx` of the same
account fields (its controller code, run here with the request it expects);
time of the whole workbook against the same export of what its record sheets
hold (the accounts, their contracts, projects, work orders and retention
cases, the period's KPI rows, scorecards and opportunities, the same
columns), which is what getting the workbook's data out of Odoo without it
costs; and the memory the workbook takes.

Run through `bench/run.sh` (`make bench`), inside `odoo-bin shell` where
`env` is defined. Key accounts are added by bulk insert up to
BENCH_WORKBOOK_ACCOUNTS (default 100,000); everything is rolled back.
"""
import io
import os
import resource
import time
import tracemalloc
from datetime import date

from odoo.http import _request_stack

from odoo.addons.web.controllers.export import ExcelExport

N = int(os.environ.get('BENCH_WORKBOOK_ACCOUNTS', '100000'))
env = env(context=dict(env.context, lang='en_US'))  # noqa: F821 (odoo shell)
cr = env.cr
Partner = env['res.partner']
have = Partner.search_count([('kam_is_key_account', '=', True)])
if have < N:
    manager = env['res.users'].search([('share', '=', False)], limit=1)
    tier = env['kam.tier'].search([], limit=1)
    cr.execute("""
        INSERT INTO res_partner (name, complete_name, is_company, active, type, kam_is_key_account,
                                 kam_manager_id, kam_tier_id, kam_handset_count, kam_monthly_revenue,
                                 kam_employee_count, kam_archive_completeness, city, create_date, write_date)
        SELECT 'Workbook Bench ' || g, 'Workbook Bench ' || g, true, true, 'contact', true, %s, %s,
               g %% 900, (g %% 97) * 1000.0, g %% 500, 60.0, 'Hangzhou', now(), now()
        FROM generate_series(1, %s) g
    """, (manager.id, tier.id, N - have))
    cr.execute("ANALYZE res_partner")
total = Partner.search_count([('kam_is_key_account', '=', True)])
print(f"{total:,} key accounts")

FIELDS = ['name', 'kam_tier_id', 'kam_manager_id', 'kam_industry_id', 'kam_handset_count',
          'kam_monthly_revenue', 'city']


class Request:
    """What the export controller reads of its request."""
    def __init__(self, env):
        self.env = env


def export_xlsx(model, domain, fnames):
    """What /web/export/xlsx does for the ``model`` records of ``domain``."""
    Model = env[model]
    _request_stack.push(Request(env))
    try:
        rows = Model.search(domain).export_data(fnames).get('datas', [])
        fields = [{'name': f, 'label': Model._fields[f].string, 'type': Model._fields[f].type}
                  for f in fnames]
        return ExcelExport().from_data(fields, [f['label'] for f in fields], rows)
    finally:
        _request_stack.pop()


def odoo_export():
    return export_xlsx('res.partner', [('kam_is_key_account', '=', True)], FIELDS)


wizard = env['kam.export.wizard'].create({'date_from': date(2026, 1, 1), 'date_to': date.today()})
ACCOUNTS = wizard._kam_account_domain()
PERIOD = [('month', '>=', wizard.date_from), ('month', '<=', wizard.date_to)]
# the workbook's record sheets, as an Odoo user would export them: same records, same columns
SHEETS = [
    ('res.partner', ACCOUNTS, ['name', 'kam_group_id', 'kam_tier_id', 'kam_manager_id', 'kam_industry_id',
                               'kam_handset_count', 'kam_monthly_revenue', 'kam_employee_count',
                               'kam_health_score', 'kam_health_band', 'kam_archive_completeness',
                               'kam_customer_since', 'city']),
    ('kam.contract', [('partner_id', 'any', ACCOUNTS), ('state', '!=', 'draft')],
     ['name', 'title', 'partner_id', 'user_id', 'date_start', 'date_end', 'amount', 'state']),
    ('kam.project', [('partner_id', 'any', ACCOUNTS)],
     ['reference', 'name', 'partner_id', 'stage', 'health', 'progress', 'date_start', 'date_end']),
    ('kam.service.request', ['|', ('partner_id', 'any', ACCOUNTS), ('partner_id.parent_id', 'any', ACCOUNTS),
                             ('date_submitted', '>=', wizard.date_from)],
     ['name', 'type_id', 'partner_id', 'state', 'date_submitted', 'deadline_resolve', 'sla_status',
      'date_done']),
    ('kam.retention.case', [('partner_id', 'any', ACCOUNTS), ('date_open', '<=', wizard.date_to)],
     ['name', 'partner_id', 'user_id', 'state', 'date_open', 'date_closed', 'revenue_at_risk',
      'retained_revenue', 'action_cost']),
    ('kam.kpi.snapshot', PERIOD, ['month', 'user_id', 'tier_id', 'accounts_end', 'retention_rate',
                                  'growth_rate', 'revenue', 'average_value', 'satisfaction',
                                  'member_coverage', 'stability_rate', 'archive_completeness',
                                  'accounts_per_manager']),
    ('kam.scorecard', PERIOD, ['month', 'user_id', 'team_id', 'region_id', 'score', 'rank_team',
                               'rank_region', 'incentive', 'state']),
    ('crm.lead', [('type', '=', 'opportunity'), ('kam_account_id', 'any', ACCOUNTS)],
     ['name', 'kam_account_id', 'user_id', 'stage_id', 'expected_revenue', 'probability',
      'date_deadline', 'create_date']),
]
rows_in_sheets = sum(env[model].search_count(domain) for model, domain, _f in SHEETS)


def odoo_export_sheets():
    return b''.join(export_xlsx(model, domain, fnames) for model, domain, fnames in SHEETS)


def accounts_sheet():
    import xlsxwriter
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {'constant_memory': True})
    styles = {name: book.add_format({}) for name in ('header', 'money', 'int', 'pct', 'date', 'muted')}
    wizard._kam_sheet_accounts(book, styles, wizard._kam_account_domain())
    book.close()
    return output.getvalue()


def timed(label, func, runs=3):
    best = None
    for _ in range(runs):
        env.invalidate_all()
        start = time.perf_counter()
        size = len(func())
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    print(f"{label:<64} {best:8.2f} s {size / 1e6:7.1f} MB file", flush=True)
    return best


# memory first: the export below keeps every row in memory and would mask it
env.invalidate_all()
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
tracemalloc.start()
wizard._kam_workbook()
_current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{'workbook: peak Python memory (tracemalloc)':<64} {peak / 1e6:8.1f} MB")
print(f"{'server process peak RSS, before / after the workbook (measured first)':<64} {rss_before:8.0f} / {rss_after:.0f} MB "
      f"{'OK' if rss_after <= 300 else 'ABOVE TARGET'} (target 300 MB)")
export = timed(f"Odoo's /web/export/xlsx, {total:,} accounts x {len(FIELDS)} fields", odoo_export)
sheet = timed(f"workbook: Accounts sheet only, {total:,} accounts x 13 columns", accounts_sheet)
export_all = timed(f"Odoo's /web/export/xlsx of the record sheets' {rows_in_sheets:,} rows",
                   odoo_export_sheets)
whole = timed("workbook: every sheet", wizard._kam_workbook)
print(f"{'speed-up of the Accounts sheet over the export':<64} {export / sheet:8.2f}x "
      f"{'OK' if export / sheet >= 2 else 'BELOW TARGET'} (target 2x)")
print(f"{'speed-up of the whole workbook over the export of the same rows':<64} "
      f"{export_all / whole:8.2f}x {'OK' if export_all / whole >= 2 else 'BELOW TARGET'} (target 2x)")
print(f"{'the whole workbook against the accounts export alone':<64} {export / whole:8.2f}x")

cr.rollback()
