"""Speed and memory of the key-account hot paths, printed as figures.

Run through `bench/run.sh` (a throwaway database with the addon installed);
it executes inside `odoo-bin shell`, where `env` is defined.
"""
import os
import resource
import time

N = int(os.environ.get('BENCH_ACCOUNTS', '5000'))
CHUNK = 500
Partner = env['res.partner']  # noqa: F821 (odoo shell)
industries = env['kam.industry'].search([])  # noqa: F821


def timed(label, func, count=None):
    cr = env.cr  # noqa: F821
    queries = cr.sql_log_count
    start = time.perf_counter()
    func()
    env.flush_all()  # noqa: F821
    elapsed = time.perf_counter() - start
    rate = f", {count / elapsed:,.0f}/s" if count else ""
    print(f"{label:<48} {elapsed * 1000:9.1f} ms  {cr.sql_log_count - queries:6d} queries{rate}")


hq = Partner.create({'name': "Bench Group", 'is_company': True, 'kam_is_key_account': True})
vals = [{
    'name': f"Bench Account {i}", 'is_company': True, 'kam_is_key_account': True,
    'kam_handset_count': (i * 37) % 900, 'kam_monthly_revenue': (i * 131) % 150000,
    'kam_industry_id': industries[i % len(industries)].id,
    'parent_id': hq.id if i % 10 == 0 else False,
} for i in range(N)]
timed(f"create {N} key accounts", lambda: Partner.create(vals), N)
accounts = Partner.search([('name', '=like', 'Bench Account %')], order='id')

for size in (50, CHUNK):
    chunk = accounts[:size]
    chunk.kam_tier_date = False
    env.invalidate_all()  # noqa: F821
    timed(f"classify a chunk of {size} (first time)", chunk._kam_classify_tiers, size)
timed(f"classify all {N} in chunks of {CHUNK}",
      lambda: [accounts[i:i + CHUNK]._kam_classify_tiers() for i in range(0, N, CHUNK)], N)
env.invalidate_all()  # noqa: F821
timed(f"rollups of a group with {N // 10} subsidiaries", lambda: hq.kam_group_handset_count)
spec = {'complete_name': {}, 'kam_tier_id': {'fields': {'display_name': {}}},
        'kam_manager_id': {'fields': {'display_name': {}}}, 'kam_handset_count': {},
        'kam_monthly_revenue': {}, 'kam_archive_completeness': {}}
for limit in (1, 80):
    env.invalidate_all()  # noqa: F821
    timed(f"key-account list page of {limit}", lambda: Partner.web_search_read(
        [('kam_is_key_account', '=', True)], spec, limit=limit))
print(f"{'peak memory (RSS)':<48} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:9.1f} MB")
env.cr.rollback()  # noqa: F821
