"""Speed of the key-account hot paths on the data set of bench/dataset.py,
printed as figures with their query counts.

Run through `bench/run.sh` (`make bench`), inside `odoo-bin shell` where `env`
is defined. The tier job commits (it runs as the daily job does); everything
else is rolled back at the end.
"""
import resource
import time

cr = env.cr  # noqa: F821 (odoo shell)
env = env(context=dict(env.context, lang='en_US'))  # noqa: F821
Partner = env['res.partner']
Contract = env['kam.contract']


def timed(label, func):
    queries = cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    elapsed = time.perf_counter() - start
    print(f"{label:<72} {elapsed * 1000:10.1f} ms {cr.sql_log_count - queries:7d} queries",
          flush=True)
    env.invalidate_all()
    return result


accounts = Partner.search_count([('kam_is_key_account', '=', True)])
groups = Partner.search_count([('kam_is_key_account', '=', True), ('parent_id', '=', False)])
print(f"data set: {Partner.search_count([]):,} partners, {accounts:,} key accounts in "
      f"{groups:,} groups, {Contract.search_count([]):,} contracts, "
      f"{env['kam.project'].search_count([]):,} projects")

# ---- the daily tier job ------------------------------------------------------
timed(f"tier job, {accounts:,} accounts, first run (tiers change)",
      Partner._cron_kam_classify_tiers)
cr.execute("UPDATE res_partner SET kam_tier_date = kam_tier_date - 1 WHERE kam_tier_date IS NOT NULL")
# as the job's own chunks do: the next run starts from committed data
env['ir.cron']._commit_progress()  # outside a cron: commits
timed(f"tier job, {accounts:,} accounts, next day (no tier changes)",
      Partner._cron_kam_classify_tiers)

# ---- the key-account list ----------------------------------------------------
manager = env['res.users'].search([('login', '=', 'bench_manager_0')])
head = env['res.users'].search([('login', '=', 'bench_head')])
spec = {'complete_name': {}, 'kam_tier_id': {'fields': {'display_name': {}}},
        'kam_manager_id': {'fields': {'display_name': {}}}, 'kam_handset_count': {},
        'kam_monthly_revenue': {}, 'kam_archive_completeness': {}}
list_domain = [('kam_is_key_account', '=', True)]
my_team = ['|', ('kam_manager_id', '=', manager.id), ('kam_team_member_ids.user_id', '=', manager.id)]
for label, user, domain in (
        ("account manager, my team's accounts (default)", manager, list_domain + my_team),
        ("account manager, all accounts", manager, list_domain),
        ("head of department, all accounts", head, list_domain)):
    as_user = Partner.with_user(user)
    as_user.web_search_read(domain, spec, limit=80)  # warm the user's rules and caches
    env.invalidate_all()
    timed(f"key-account list page of 80, {label}",
          lambda as_user=as_user, domain=domain: as_user.web_search_read(domain, spec, limit=80))
query = Partner.with_user(head)._search(list_domain, limit=80, order=Partner._order)
cr.execute(f"EXPLAIN {query.select().code}", query.select().params)
plan = "\n".join(row[0] for row in cr.fetchall())
print(f"{'  list query uses the key-account order index':<72} "
      f"{'yes' if '_kam_key_account_order_idx' in plan else 'NO'}")

# ---- contracts and rollups ---------------------------------------------------
timed("contract count, account manager", lambda: Contract.with_user(manager).search_count([]))
timed("contract count, head of department", lambda: Contract.with_user(head).search_count([]))
big = Partner.search([('kam_is_key_account', '=', True), ('parent_id', '=', False)], order='id', limit=1)
size = Partner.search_count([('kam_group_id', '=', big.id), ('is_company', '=', True)])
timed(f"rollups of a group of {size:,} companies (handsets, revenue)",
      lambda: big.with_user(head).kam_group_handset_count)
timed(f"contract rollups of a group of {size:,} companies",
      lambda: big.with_user(head).kam_group_contract_value)
page = Partner.search(list_domain, limit=80)
timed("running contracts of a list page of 80 accounts",
      lambda: page.with_user(head).mapped('kam_contract_count'))

# ---- the portal contract list ------------------------------------------------
contact = Partner.create({'name': "Bench Portal User", 'parent_id': big.id, 'email': 'portal@bench.example.com'})
portal = env['res.users'].create({'name': contact.name, 'login': 'bench_portal', 'partner_id': contact.id,
                                  'group_ids': [(6, 0, [env.ref('base.group_portal').id])]})
env.invalidate_all()


def portal_list():
    """What /my/contracts reads: the count, a sorted page, then (access
    checked) the fields of its table."""
    mine = Contract.with_user(portal)
    total = mine.search_count([])
    page = mine.search([], order='date_end desc, id desc', limit=20).sudo()
    page.read(['name', 'title', 'date_end', 'amount', 'state'])
    page.partner_id.mapped('name')
    return total


total = Contract.with_user(portal).search_count([])
timed(f"portal contract list, a page of 20 of the group's {total:,}", portal_list)
print(f"{'peak memory (RSS)':<72} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:10.1f} MB")
cr.rollback()
