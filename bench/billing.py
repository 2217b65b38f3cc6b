"""Loading the billing system's monthly file through the documented path
(the file wizard: csv parsed, every row checked, upserted set-based)
against PostgreSQL's COPY of the same file into a bare table, the same
month loaded again (idempotent: nothing written), and the queries of an
account's 24-month revenue graph and of its form figures.

Run through `bench/run.sh` (`make bench`, BENCH_ONLY=billing), inside
`odoo-bin shell` where `env` is defined. BENCH_BILLING_ROWS rows (default
80,000: 10,000 customers × 8 service lines; a province sends 800,000) for
as many customers as needed, added by bulk insert; everything is rolled
back.
"""
import base64
import io
import os
import time

from dateutil.relativedelta import relativedelta

from odoo import fields

ROWS = int(os.environ.get('BENCH_BILLING_ROWS', '80000'))
env = env(context=dict(env.context, lang='en_US'))  # noqa: F821 (odoo shell)
cr = env.cr
Service = env['kam.billing.service']
for code in ('IDC', 'CDN'):  # eight service lines in all
    if not Service.search([('code', '=', code)]):
        Service.create({'name': code, 'code': code, 'is_ict': True})
codes = Service.search([], limit=8).mapped('code')
customers = -(-ROWS // len(codes))
manager = env['res.users'].search([('share', '=', False)], limit=1)
cr.execute("""
    INSERT INTO res_partner (name, complete_name, is_company, active, type, kam_is_key_account,
                             kam_manager_id, kam_external_ref, create_date, write_date)
    SELECT 'Billing Bench ' || g, 'Billing Bench ' || g, true, true, 'contact', true, %s,
           'BB-' || g, now(), now()
      FROM generate_series(1, %s) g
""", (manager.id, customers))
cr.execute("ANALYZE res_partner")
month = (fields.Date.today().replace(day=1) - relativedelta(months=1)).strftime('%Y-%m')
header = "customer_ref,month,service_code,revenue,cost,lines,minutes,data_gb,pay_type,bundled"
lines = [header]
for n in range(ROWS):
    customer, code = divmod(n, len(codes))
    lines.append(f"BB-{customer + 1},{month},{codes[code]},{1000 + n % 977}.50,{400 + n % 311},"
                 f"{n % 50},{n % 9000},{n % 700}.25,{'member' if n % 7 == 0 else 'group'},{n % 2}")
content = ("\n".join(lines) + "\n").encode()
print(f"{ROWS:,} rows of {customers:,} customers × {len(codes)} service lines, "
      f"{len(content) / 1e6:.1f} MB of csv", flush=True)
env['ir.config_parameter'].set_param('key_account_management.billing_background_rows', ROWS * 10)


def load():
    wizard = env['kam.billing.import.wizard'].create({
        'kind': 'line', 'filename': 'bench.csv', 'file': base64.b64encode(content)})
    start = time.perf_counter()
    wizard.action_import()
    env.flush_all()
    return time.perf_counter() - start, wizard.result


first, result = load()
print(f"{'documented path (file wizard), first load':<56} {first:8.2f} s  {result}", flush=True)
again, result = load()
print(f"{'the same file again':<56} {again:8.2f} s  {result}", flush=True)
cr.execute("CREATE TEMP TABLE bench_billing_copy (customer_ref varchar, month varchar, "
           "service_code varchar, revenue numeric, cost numeric, lines int, minutes int, "
           "data_gb numeric, pay_type varchar, bundled int)")
start = time.perf_counter()
cr.copy_expert("COPY bench_billing_copy FROM STDIN WITH (FORMAT csv, HEADER true)",
               io.BytesIO(content))
copy = time.perf_counter() - start
print(f"{'PostgreSQL COPY of the same file into a bare table':<56} {copy:8.2f} s", flush=True)
print(f"{'ratio documented path / COPY':<56} {first / copy:8.1f}x")
print(f"{'projected for 800,000 rows (linear)':<56} {first * 800000 / ROWS / 60:8.1f} min "
      "(target: 10 min)")

account = env['res.partner'].search([('kam_external_ref', '=', 'BB-1')])
Line = env['kam.billing.line']
env.invalidate_all()
count = cr.sql_log_count
Line._read_group([('kam_account_id', '=', account.id)], ['month:month', 'service_id'],
                 ['revenue:sum'])
print(f"{'an account 24-month revenue graph: queries':<56} {cr.sql_log_count - count:8d}")
account.read(['kam_billing_revenue_12m'])  # warm the caches
for size in (1, 80):
    accounts = env['res.partner'].search([('kam_external_ref', 'like', 'BB-%')], limit=size)
    env.invalidate_all()
    count = cr.sql_log_count
    accounts.read(['kam_billing_revenue_12m', 'kam_billing_ict_share',
                   'kam_billing_group_revenue_12m', 'kam_billing_avg_revenue'])
    print(f"{f'billing figures of {size} accounts: queries':<56} {cr.sql_log_count - count:8d}")
cr.rollback()
