"""Cost of the record rules: an account manager's lists and counts against
the same pages for a Key Accounts Manager (who has no rule to apply).

Run through `bench/run.sh` (a throwaway database with the addon installed);
it executes inside `odoo-bin shell`, where `env` is defined. The rules are
written on the records' own stored, indexed columns (the account's manager
and team users, denormalised), so the manager's page should cost within
1.5x of the department head's.
"""
import os
import time
from datetime import date, timedelta

N = int(os.environ.get('BENCH_ACCESS_ACCOUNTS', '8000'))
CONTRACTS_PER_ACCOUNT = 3
MANAGERS = 20
RUNS = 9
Users = env['res.users']  # noqa: F821 (odoo shell)
ref = env.ref  # noqa: F821


def user(login, group):
    return Users.create({'name': login, 'login': login, 'group_ids': [(6, 0, [ref(group).id])]})


managers = [user(f'bench_rules_am_{i}', 'key_account_management.group_kam_user') for i in range(MANAGERS)]
head = user('bench_rules_head', 'key_account_management.group_kam_manager')
employee = user('bench_rules_employee', 'base.group_user')
Partner = env['res.partner']  # noqa: F821
accounts = Partner.create([{
    'name': f"Access Bench {i}", 'is_company': True, 'kam_is_key_account': True,
    'kam_manager_id': managers[i % MANAGERS].id,
} for i in range(N)])
Partner.create([{'name': f"Contact {i}", 'parent_id': accounts[i].id} for i in range(N)])
# the first manager also serves on a few accounts of the others
env['kam.team.member'].create([  # noqa: F821
    {'partner_id': account.id, 'user_id': managers[0].id} for account in accounts[1:N:50]])
env['kam.contract'].create([{  # noqa: F821
    'title': f"Bench contract {i}", 'partner_id': accounts[i % N].id,
    # ends spread over four years, as a real portfolio's
    'date_start': date(2026, 1, 1), 'date_end': date(2026, 6, 1) + timedelta(days=i * 7 % 1400),
    'amount': 1000,
} for i in range(N * CONTRACTS_PER_ACCOUNT)])
env.flush_all()  # noqa: F821
env.cr.execute("ANALYZE")  # noqa: F821

CONTRACT_SPEC = {'name': {}, 'title': {}, 'partner_id': {'fields': {'display_name': {}}},
                 'user_id': {'fields': {'display_name': {}}}, 'date_end': {}, 'amount': {},
                 'state': {}}
PARTNER_SPEC = {'complete_name': {}, 'email': {}, 'phone': {}, 'city': {}}
KEY_ACCOUNT_SPEC = {'complete_name': {}, 'kam_manager_id': {'fields': {'display_name': {}}},
                    'kam_tier_id': {'fields': {'display_name': {}}}, 'kam_handset_count': {}}


def cost(for_user, func):
    """Best of RUNS, in milliseconds, and the queries of func(env) as for_user
    (the best run: the machine is shared, the slower ones measure others)."""
    user_env = env(user=for_user.id)  # noqa: F821
    times, queries = [], 0
    for _ in range(RUNS):
        user_env.invalidate_all()
        start_queries = user_env.cr.sql_log_count
        start = time.perf_counter()
        func(user_env)
        times.append((time.perf_counter() - start) * 1000)
        queries = user_env.cr.sql_log_count - start_queries
    return min(times), queries


PAGES = [
    ("contract list page of 80 (with count)", lambda e: e['kam.contract'].web_search_read(
        [], CONTRACT_SPEC, limit=80, count_limit=100000)),
    ("contract count", lambda e: e['kam.contract'].search_count([])),
    ("key-account list page of 80 (with count)", lambda e: e['res.partner'].web_search_read(
        [('kam_is_key_account', '=', True)], KEY_ACCOUNT_SPEC, limit=80, count_limit=100000)),
    ("contacts list page of 80 (with count)", lambda e: e['res.partner'].web_search_read(
        [], PARTNER_SPEC, limit=80, count_limit=100000)),
]
print(f"{N} key accounts, {N} contacts, {N * CONTRACTS_PER_ACCOUNT} contracts, "
      f"{MANAGERS} account managers (best of {RUNS} runs)")
print(f"{'page':<42} {'account manager':>18} {'KAM manager':>18} {'ratio':>6}")
worst = 0.0
for label, page in PAGES:
    mine, mine_q = cost(managers[0], page)
    theirs, theirs_q = cost(head, page)
    ratio = mine / theirs if theirs else 1.0
    worst = max(worst, ratio)
    print(f"{label:<42} {mine:9.1f} ms {mine_q:3d} q {theirs:9.1f} ms {theirs_q:3d} q {ratio:5.2f}x")
plain, plain_q = cost(employee, PAGES[3][1])
print(f"{'contacts list page, employee outside the app':<42} {plain:9.1f} ms {plain_q:3d} q")
print(f"{'worst ratio (target within 1.5x)':<42} {worst:5.2f}x {'OK' if worst <= 1.5 else 'ABOVE TARGET'}")
env.cr.rollback()  # noqa: F821
