"""The billing system's figures at a province's scale:

* one month of BENCH_BILLING_ROWS rows (default 800,000: 100,000
  customers × 8 service lines) loaded through the documented path (the
  file wizard: csv parsed, every row checked, upserted set-based) against
  PostgreSQL's COPY of the same file into a bare table, and the same month
  loaded again (idempotent: nothing written);
* an account's 24-month revenue graph (by month and service line, as the
  graph view asks it) and the group rollup of the form, for a group of 10
  and one of 1,000 companies: the queries do not grow with the group;
* the tier and health jobs' work on chunks of accounts with billing, at
  two chunk sizes: no query per account (Odoo writes and inserts rows 100
  to a statement), and the tier rules' rank cutoffs, worked out once per
  run.

Run through `bench/run.sh` (`make bench`, BENCH_ONLY=billing), inside
`odoo-bin shell` where `env` is defined. The customers are added by bulk
insert; everything is rolled back (the database is thrown away).
"""
import base64
import io
import os
import time

from dateutil.relativedelta import relativedelta

from odoo import fields

ROWS = int(os.environ.get('BENCH_BILLING_ROWS', '800000'))
env = env(context=dict(env.context, lang='en_US'))  # noqa: F821 (odoo shell)
cr = env.cr
Service = env['kam.billing.service']
for code in ('IDC', 'CDN'):  # eight service lines in all
    if not Service.search([('code', '=', code)]):
        Service.create({'name': code, 'code': code, 'is_ict': True})
services = Service.search([], limit=8)
codes = services.mapped('code')
customers = -(-ROWS // len(codes))
manager = env['res.users'].search([('share', '=', False)], limit=1)
cr.execute("""
    INSERT INTO res_partner (name, complete_name, is_company, active, type, kam_is_key_account,
                             kam_manager_id, kam_external_ref, kam_monthly_revenue,
                             create_date, write_date)
    SELECT 'Billing Bench ' || g, 'Billing Bench ' || g, true, true, 'contact', true, %s,
           'BB-' || g, 1000, now(), now()
      FROM generate_series(1, %s) g
""", (manager.id, customers))
cr.execute("""UPDATE res_partner SET commercial_partner_id = id, kam_group_id = id,
                     kam_group_path = id || '/', kam_group_depth = 0
               WHERE kam_external_ref LIKE 'BB-%'""")
cr.execute("ANALYZE res_partner")
this_month = fields.Date.today().replace(day=1)
month = (this_month - relativedelta(months=1)).strftime('%Y-%m')
header = "customer_ref,month,service_code,revenue,cost,lines,minutes,data_gb,pay_type,bundled"
lines = [header]
for n in range(ROWS):
    customer, code = divmod(n, len(codes))
    lines.append(f"BB-{customer + 1},{month},{codes[code]},{1000 + n % 977}.50,{400 + n % 311},"
                 f"{n % 50},{n % 9000},{n % 700}.25,{'member' if n % 7 == 0 else 'group'},{n % 2}")
content = ("\n".join(lines) + "\n").encode()
del lines
print(f"{ROWS:,} rows of {customers:,} customers × {len(codes)} service lines, "
      f"{len(content) / 1e6:.1f} MB of csv", flush=True)
env['ir.config_parameter'].set_param('key_account_management.billing_background_rows', ROWS * 10)


def load():
    """The file through the wizard: (seconds, its report)."""
    wizard = env['kam.billing.import.wizard'].create({
        'kind': 'line', 'filename': 'bench.csv', 'file': base64.b64encode(content)})
    start = time.perf_counter()
    wizard.action_import()
    env.flush_all()
    return time.perf_counter() - start, wizard.result


first, result = load()
print(f"{'documented path (file wizard), first load':<60} {first:8.1f} s  {result}", flush=True)
again, result = load()
print(f"{'the same file again':<60} {again:8.1f} s  {result}", flush=True)
cr.execute("CREATE TEMP TABLE bench_billing_copy (customer_ref varchar, month varchar, "
           "service_code varchar, revenue numeric, cost numeric, lines int, minutes int, "
           "data_gb numeric, pay_type varchar, bundled int)")
start = time.perf_counter()
cr.copy_expert("COPY bench_billing_copy FROM STDIN WITH (FORMAT csv, HEADER true)",
               io.BytesIO(content))
copy = time.perf_counter() - start
print(f"{'PostgreSQL COPY of the same file into a bare table':<60} {copy:8.1f} s", flush=True)
print(f"{'ratio documented path / COPY':<60} {first / copy:8.1f}x")
print(f"{'projected for 800,000 rows (linear)':<60} {first * 800000 / ROWS / 60:8.1f} min "
      "(target: 10 min)", flush=True)

# ---- an account's 24-month graph and the group rollup, at two group sizes ----
Partner = env['res.partner']
Line = env['kam.billing.line']
head = env['res.users'].search([('login', '=', 'bench_head')]) or env.user
tops = Partner.search([('kam_external_ref', 'in', ('BB-1', 'BB-2'))], order='id')
for top, size in zip(tops, (10, 1000)):
    # the group's other companies: not key accounts, served by the top
    cr.execute("""
        INSERT INTO res_partner (name, complete_name, is_company, active, type, parent_id,
                                 kam_group_id, kam_group_depth, create_date, write_date)
        SELECT 'Bench Subsidiary ' || %s || '-' || g, 'Bench Subsidiary ' || %s || '-' || g,
               true, true, 'contact', %s, %s, 1, now(), now()
          FROM generate_series(1, %s) g""", (top.id, top.id, top.id, top.id, size - 1))
    cr.execute("""UPDATE res_partner SET commercial_partner_id = id,
                         kam_group_path = %s || id || '/'
                   WHERE parent_id = %s AND is_company""", (f"{top.id}/", top.id))
    # 24 months of every service line for each company of the group
    cr.execute("""
        INSERT INTO kam_billing_line (partner_id, month, service_id, company_id, revenue, cost,
                                      line_count, minutes, data_gb, pay_type, bundled,
                                      kam_account_id, kam_account_manager_id)
        SELECT p.id, (%s::date - make_interval(months => m))::date, s, %s,
               1000 + m * 10, 400, 1, 0, 0, 'group', false, %s, %s
          FROM res_partner p CROSS JOIN generate_series(1, 24) m CROSS JOIN unnest(%s::int[]) s
         WHERE p.kam_group_id = %s
        ON CONFLICT (partner_id, month, service_id) DO NOTHING""",
               (this_month, env.company.id, top.id, manager.id, services.ids, top.id))
cr.execute("ANALYZE kam_billing_line")
cr.execute("ANALYZE res_partner")
env.invalidate_all()
graph_domain = [('month', '>=', this_month - relativedelta(months=24))]
for top, size in zip(tops, (10, 1000)):
    as_head = top.with_user(head)
    Line.with_user(head).formatted_read_group(  # warm the rules and caches
        [('kam_account_id', '=', top.id), *graph_domain], ['month:month', 'service_id'],
        ['revenue:sum'])
    as_head.read(['kam_billing_revenue_12m', 'kam_billing_group_revenue_12m'])
    env.invalidate_all()
    count, start = cr.sql_log_count, time.perf_counter()
    groups = Line.with_user(head).formatted_read_group(
        [('kam_account_id', '=', top.id), *graph_domain], ['month:month', 'service_id'],
        ['revenue:sum'])
    print(f"{f'24-month revenue graph, group of {size:,} companies':<60} "
          f"{(time.perf_counter() - start) * 1000:8.1f} ms {cr.sql_log_count - count:4d} queries "
          f"({len(groups)} month × service cells)", flush=True)
    env.invalidate_all()
    count, start = cr.sql_log_count, time.perf_counter()
    as_head.read(['kam_billing_revenue_12m', 'kam_billing_ict_share', 'kam_billing_margin',
                  'kam_billing_group_revenue_12m'])
    print(f"{f'group rollup on the form, group of {size:,} companies':<60} "
          f"{(time.perf_counter() - start) * 1000:8.1f} ms {cr.sql_log_count - count:4d} queries",
          flush=True)

# ---- the tier and health jobs on accounts with billing, per chunk ------------
cr.execute("""INSERT INTO kam_billing_line (partner_id, month, service_id, company_id, revenue,
                                             cost, line_count, minutes, data_gb, pay_type,
                                             bundled, kam_account_id, kam_account_manager_id)
              SELECT partner_id, (month - make_interval(months => m))::date, service_id,
                     company_id, revenue * (1 + 0.05 * m), cost, line_count, minutes, data_gb,
                     pay_type, bundled, kam_account_id, kam_account_manager_id
                FROM kam_billing_line CROSS JOIN generate_series(1, 5) m
               WHERE month = %s AND kam_account_id IN (
                     SELECT id FROM res_partner WHERE kam_external_ref LIKE 'BB-%%'
                      ORDER BY id LIMIT 4000)
              ON CONFLICT (partner_id, month, service_id) DO NOTHING""",
           (this_month - relativedelta(months=1),))
cr.execute("ANALYZE kam_billing_line")
billed = Partner.search([('kam_external_ref', 'like', 'BB-%')], order='id', limit=4000)
print(f"{'(six months of billing for the accounts of the chunks)':<60}", flush=True)
# the rank rules' cutoffs rank every key account with billing: once per run
env.invalidate_all()
count, start = cr.sql_log_count, time.perf_counter()
cutoffs = env['kam.tier']._kam_rank_cutoffs()
print(f"{'tier job: rank cutoffs over every account (once per run)':<60} "
      f"{time.perf_counter() - start:8.2f} s {cr.sql_log_count - count:4d} queries", flush=True)
Ranked = Partner.with_context(kam_rank_cutoffs=tuple(cutoffs.items()))
offset = 0
for label, method, Model in (("tier job", '_kam_classify_tiers', Ranked),
                             ("health job", '_kam_compute_health', Partner)):
    getattr(Model.browse(billed.ids[offset:offset + 50]), method)()  # warm the caches
    env.flush_all()
    offset += 50
    for size in (200, 1000):
        # a chunk as the job searches it: its own prefetch set
        chunk = Model.browse(billed.ids[offset:offset + size])
        offset += size
        env.invalidate_all()
        count, start = cr.sql_log_count, time.perf_counter()
        getattr(chunk, method)()
        env.flush_all()
        elapsed = time.perf_counter() - start
        print(f"{f'{label}, a chunk of {len(chunk):,} accounts with billing':<60} "
              f"{elapsed:8.2f} s {cr.sql_log_count - count:4d} queries "
              f"(100,000 accounts: {elapsed * 100000 / size / 60:.1f} min)", flush=True)
cr.rollback()
