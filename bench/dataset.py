"""The data set of a provincial operator, made once per `make bench` run.

BENCH_ACCOUNTS key accounts (default 20,000) in a tenth as many groups (the
first with a twentieth of the accounts, the others about ten), three
contacts, three contracts, five work orders and ten members per account, one
delivery project with three departments' work per two accounts, and other
partners up to eight times the accounts (160,000 partners at 20,000). One
account manager per hundred accounts, one head of department.

Rows go in with bulk INSERTs (``INSERT ... SELECT`` over ``generate_series``),
the columns Odoo computes from the tree (commercial partner, names, group
path) and the record-rule columns filled by SQL with them; then every stored
computed field (Odoo's and the addon's, whatever they are when this runs) is
checked by the ORM: on every record for small sets, else on a sample, where a
field the SQL did not fill exactly is computed by the ORM on every record.
The data is what the app itself would hold. Runs inside `odoo-bin shell`
(`env` defined) and commits. BENCH_DEBUG=1 prints the fields the ORM
computes and the time of each.
"""
import os
import time

N = int(os.environ.get('BENCH_ACCOUNTS', '20000'))
GROUPS = max(N // 10, 1)
N = GROUPS * 10
cr = env.cr  # noqa: F821 (odoo shell)
start = time.perf_counter()


def log(message):
    print(f"  [{time.perf_counter() - start:6.1f} s] {message}", flush=True)


def fill_account_columns(table, ids):
    """The record-rule columns of rows of ``table`` whose ``partner_id`` is a
    key account (every row of the data set): what the ORM computes of them,
    filled by SQL (recompute checks it on a sample)."""
    cr.execute("""SELECT column_name FROM information_schema.columns
                    WHERE table_name = %s AND column_name = 'group_id'""", [table])
    group = ", group_id = p.kam_group_id" if cr.fetchall() else ""
    cr.execute(f"""UPDATE {table} t SET kam_account_id = p.id, kam_account_manager_id = p.kam_manager_id,
                          kam_account_region_id = p.kam_region_id{group}
                     FROM res_partner p WHERE p.id = t.partner_id AND t.id = ANY(%s)""", [ids])


def insert(table, columns, select, params=()):
    """INSERT INTO table (columns) SELECT ...; returns the new ids."""
    cr.execute(f'INSERT INTO {table} ({", ".join(columns)}) {select} RETURNING id', params)
    return [row[0] for row in cr.fetchall()]


SAMPLE = 2000


def recompute(model, ids, chunk=20000):
    """Make every stored computed field of ``model`` on ``ids`` what the ORM
    computes (but avatars: a picture per partner is not what is measured).
    Beyond two samples' worth of records, the ORM computes each field on a
    sample of ``SAMPLE`` records spread over ``ids`` first: a field whose
    stored values (filled by SQL with the rows) all come out the same is
    left as it is; any other is computed by the ORM on every record."""
    fields = [f for f in model._fields.values()
              if f.store and f.compute and f.type not in ('binary', 'image')]
    if len(ids) > 2 * SAMPLE:
        sample = model.browse(ids[::len(ids) // SAMPLE])
        stale = []
        for field in fields:
            env.invalidate_all()  # noqa: F821
            before = sample.read([field.name])
            env.add_to_compute(field, sample)  # noqa: F821
            env.flush_all()  # noqa: F821
            env.invalidate_all()  # noqa: F821
            if sample.read([field.name]) != before:
                stale.append(field)
        if os.environ.get('BENCH_DEBUG'):
            print(model._name, "computed by the ORM:", [f.name for f in stale])
        fields = stale
    for i in range(0, len(ids), chunk):
        records = model.browse(ids[i:i + chunk])
        for field in fields:
            t0 = time.perf_counter()
            env.add_to_compute(field, records)  # noqa: F821
            env.flush_all()  # noqa: F821
            if os.environ.get('BENCH_DEBUG'):
                print(model._name, field.name, round(time.perf_counter() - t0, 2))
        env.invalidate_all()  # noqa: F821


env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,  # noqa: F821
                       mail_notrack=True, lang='en_US'))
company = env.ref('base.main_company')
currency = company.currency_id
industries = env['kam.industry'].search([]).ids
managers = env['res.users'].create([{
    'name': f"Bench Manager {i}", 'login': f"bench_manager_{i}",
    'group_ids': [(4, env.ref('key_account_management.group_kam_user').id)],
} for i in range(max(N // 100, 1))])
head = env['res.users'].create({
    'name': "Bench Head", 'login': 'bench_head',
    'group_ids': [(4, env.ref('key_account_management.group_kam_manager').id)]})
# each department led by a user of its own: the owner of its project work
department_heads = env['res.users'].create([{
    'name': f"Bench Department Head {i}", 'login': f"bench_department_head_{i}",
    'group_ids': [(4, env.ref('base.group_user').id)]} for i in range(5)])
departments = env['hr.department'].create([{
    'name': f"Bench Department {i}",
    'manager_id': env['hr.employee'].create({'name': user.name, 'user_id': user.id}).id,
} for i, user in enumerate(department_heads)])
log(f"{len(managers)} account managers, a head of department, {len(departments)} departments")

common_cols = ['active', 'lang', 'create_uid', 'write_uid', 'create_date', 'write_date']
common_vals = "TRUE, 'en_US', 1, 1, now(), now()"
account_cols = ['name', 'is_company', 'kam_is_key_account', 'kam_manager_id', 'kam_industry_id',
                'kam_handset_count', 'kam_monthly_revenue', 'kam_employee_count', 'parent_id',
                'partner_share', 'type'] + common_cols
# params: industries, managers
hq_ids = insert('res_partner', account_cols, f"""
    SELECT 'Bench Group ' || g, TRUE, TRUE, (%(managers)s)[1 + g %% cardinality(%(managers)s)],
           (%(industries)s)[1 + g %% cardinality(%(industries)s)],
           (g * 37) %% 900, (g * 131) %% 150000, (g * 13) %% 5000, NULL, TRUE, 'contact', {common_vals}
      FROM generate_series(1, %(groups)s) g ORDER BY g""",
    {'managers': managers.ids, 'industries': industries, 'groups': GROUPS})
# The first group is large (a twentieth of the accounts); the others share the rest.
sub_ids = insert('res_partner', account_cols, f"""
    SELECT 'Bench Subsidiary ' || s, TRUE, TRUE,
           (%(managers)s)[1 + s %% cardinality(%(managers)s)],
           (%(industries)s)[1 + s %% cardinality(%(industries)s)],
           (s * 53) %% 600, (s * 911) %% 120000, (s * 29) %% 800,
           CASE WHEN s <= %(big)s OR cardinality(%(hqs)s) = 1 THEN (%(hqs)s)[1]
                ELSE (%(hqs)s)[2 + s %% (cardinality(%(hqs)s) - 1)] END,
           TRUE, 'contact', {common_vals}
      FROM generate_series(1, %(subs)s) s ORDER BY s""",
    {'managers': managers.ids, 'industries': industries, 'hqs': hq_ids, 'big': N // 20,
     'subs': N - GROUPS})
account_ids = hq_ids + sub_ids
contact_ids = insert('res_partner', ['name', 'is_company', 'parent_id', 'partner_share', 'type',
                                     'email'] + common_cols, f"""
    SELECT 'Contact ' || c || ' of ' || a.id, FALSE, a.id, TRUE, 'contact',
           'contact' || c || '.' || a.id || '@bench.example.com', {common_vals}
      FROM unnest(%(accounts)s) AS a(id), generate_series(1, 3) c""", {'accounts': account_ids})
others = 8 * N - len(account_ids) - len(contact_ids)
other_ids = insert('res_partner', ['name', 'is_company', 'partner_share', 'type'] + common_cols, f"""
    SELECT 'Other Partner ' || p, p %% 3 = 0, TRUE, 'contact', {common_vals}
      FROM generate_series(1, %(n)s) p""", {'n': max(others, 0)})
log(f"{len(account_ids) + len(contact_ids) + len(other_ids)} partners inserted "
    f"({len(account_ids)} key accounts in {GROUPS} groups)")
# what the ORM computes of them, filled by SQL (recompute checks it on a sample)
cr.execute("""UPDATE res_partner SET commercial_partner_id = id, complete_name = name,
                     commercial_company_name = CASE WHEN is_company THEN name END,
                     kam_group_path = CASE WHEN is_company THEN id || '/' END,
                     kam_group_id = CASE WHEN is_company THEN id END, kam_group_depth = 0
               WHERE id = ANY(%s)""", [hq_ids + other_ids])
cr.execute("""UPDATE res_partner SET commercial_partner_id = id, complete_name = name,
                     commercial_company_name = name, kam_group_path = parent_id || '/' || id || '/',
                     kam_group_id = parent_id, kam_group_depth = 1
               WHERE id = ANY(%s)""", [sub_ids])
cr.execute("""UPDATE res_partner c SET commercial_partner_id = c.parent_id,
                     complete_name = p.name || ', ' || c.name, commercial_company_name = p.name,
                     kam_group_path = p.kam_group_path, kam_group_id = p.kam_group_id,
                     kam_group_depth = p.kam_group_depth, email_normalized = lower(c.email)
                FROM res_partner p WHERE p.id = c.parent_id AND c.id = ANY(%s)""", [contact_ids])
Partner = env['res.partner']
recompute(Partner, account_ids)
recompute(Partner, contact_ids + other_ids)
log("partners' stored computed fields computed")

# Contracts: three per account, ending over the next three years (some past).
contract_ids = insert('kam_contract', [
    'name', 'title', 'partner_id', 'user_id', 'company_id', 'currency_id', 'state', 'date_start',
    'date_end', 'signing_date', 'amount', 'reminder_days_1', 'reminder_days_2',
    'reminder_days_3', 'renewal_months', 'notice_days',
    'active',
] + common_cols[2:], """
    SELECT 'BENCH/' || a.n || '/' || c, 'Bench contract ' || c, a.id, p.kam_manager_id,
           %(company)s, %(currency)s,
           (ARRAY['active', 'active', 'active', 'expiring', 'expired', 'draft'])[1 + (a.n + c) %% 6],
           d.start, d.start + 729, d.start, 10000 + (a.n * 97 + c * 1013) %% 2000000, 90, 60, 30, 12,
           30, TRUE, 1, 1, now(), now()
      FROM unnest(%(accounts)s) WITH ORDINALITY AS a(id, n)
      JOIN res_partner p ON p.id = a.id, generate_series(1, 3) c,
           LATERAL (SELECT current_date - 700 + ((a.n * 3 + c) %% 1400)::int AS start) d""",
    {'accounts': account_ids, 'company': company.id, 'currency': currency.id})
fill_account_columns('kam_contract', contract_ids)
cr.execute("UPDATE kam_contract SET counted_amount = amount WHERE id = ANY(%s)", [contract_ids])
recompute(env['kam.contract'], contract_ids)
log(f"{len(contract_ids)} contracts")

line_ids = insert('kam_contract_line', ['contract_id', 'sequence', 'name', 'quantity', 'monthly_fee']
                  + common_cols[2:], """
    SELECT c.id, 10, 'Bench service ' || l, 1 + (c.id * l) %% 300, 20 + (c.id + l) %% 200,
           1, 1, now(), now()
      FROM unnest(%(contracts)s) AS c(id), generate_series(1, 2) l""", {'contracts': contract_ids})
cr.execute("""UPDATE kam_contract_line l SET company_id = c.company_id, partner_id = c.partner_id,
                     contract_state = c.state, subtotal = l.quantity * l.monthly_fee
                FROM kam_contract c WHERE c.id = l.contract_id AND l.id = ANY(%s)""", [line_ids])
recompute(env['kam.contract.line'], line_ids)
recompute(env['kam.contract'], contract_ids)
log(f"{len(line_ids)} contract lines")

project_ids = insert('kam_project', [
    'reference', 'name', 'partner_id', 'user_id', 'company_id', 'stage', 'priority', 'date_start',
    'date_end', 'active'] + common_cols[2:], """
    SELECT 'BENCH-PRJ/' || a.n, 'Bench project ' || a.n, a.id, p.kam_manager_id, %(company)s,
           (ARRAY['draft', 'in_progress', 'in_progress', 'done', 'cancelled'])[1 + a.n %% 5], '0',
           current_date - 60 - (a.n %% 300)::int, current_date + 120 - (a.n %% 300)::int, TRUE, 1, 1, now(), now()
      FROM unnest(%(accounts)s) WITH ORDINALITY AS a(id, n)
      JOIN res_partner p ON p.id = a.id
     WHERE a.n %% 2 = 0""", {'accounts': account_ids, 'company': company.id})
task_ids = insert('kam_project_task', [
    'project_id', 'sequence', 'department_id', 'name', 'status', 'date_expected',
] + common_cols[2:], """
    SELECT p.id, 10 * d.n, d.id, 'Bench work', (ARRAY['todo', 'in_progress', 'done', 'blocked'])[1 + (p.id + d.n) %% 4],
           current_date - 30 + ((p.id * 7 + d.n * 11) %% 120)::int, 1, 1, now(), now()
      FROM unnest(%(projects)s) AS p(id),
           unnest(%(departments)s) WITH ORDINALITY AS d(id, n)
     WHERE d.n <= 3""", {'projects': project_ids, 'departments': departments.ids})
cr.execute("""UPDATE kam_project_task SET delay_reason_id = %s
               WHERE id = ANY(%s) AND status = 'blocked'""",
           [env.ref('key_account_management.kam_delay_reason_supplier').id, task_ids])
# what the state actions would have recorded: these left the draft state once
cr.execute("UPDATE kam_contract SET kam_ever_confirmed = state != 'draft' WHERE id = ANY(%s)",
           [contract_ids])
cr.execute("UPDATE kam_project SET kam_ever_confirmed = stage != 'draft' WHERE id = ANY(%s)",
           [project_ids])
fill_account_columns('kam_project', project_ids)
cr.execute("""UPDATE kam_project_task t SET partner_id = p.partner_id, company_id = p.company_id
                FROM kam_project p WHERE p.id = t.project_id AND t.id = ANY(%s)""", [task_ids])
fill_account_columns('kam_project_task', task_ids)
recompute(env['kam.project.task'], task_ids)
recompute(env['kam.project'], project_ids)
log(f"{len(project_ids)} projects with {len(task_ids)} lines of department work")
# Work orders: five per account, most done; 7.5 % still open past their
# deadlines (what the SLA job escalates), some open and on time.
types = env['kam.service.request.type'].search([], order='id').ids
request_ids = insert('kam_service_request', [
    'name', 'type_id', 'partner_id', 'company_id', 'state', 'priority', 'date_submitted',
    'date_accepted', 'date_done', 'deadline_accept', 'deadline_resolve', 'sla_accept_breached',
    'sla_resolve_breached', 'contact_phone', 'active', 'kam_ever_confirmed', 'date_requested',
] + common_cols[2:], """
    SELECT 'BENCH-WO/' || k, (%(types)s)[1 + k %% cardinality(%(types)s)], a.id, %(company)s,
           s.state, '0', s.submitted,
           CASE WHEN s.state != 'submitted' THEN s.submitted + interval '1 hour' END,
           CASE WHEN s.state = 'done' THEN s.submitted + interval '20 hours' END,
           s.submitted + interval '4 hours', s.submitted + interval '24 hours', FALSE, FALSE,
           '1380571' || lpad((k %% 10000)::text, 4, '0'), TRUE, TRUE, s.submitted::date,
           1, 1, now(), now()
      FROM unnest(%(accounts)s) WITH ORDINALITY AS a(id, n), generate_series(1, 5) o,
           LATERAL (SELECT a.n * 5 + o AS k) kk,
           LATERAL (SELECT CASE WHEN k %% 40 < 3
                                THEN (ARRAY['submitted', 'accepted', 'in_progress'])[1 + k %% 3]
                                WHEN k %% 40 < 8
                                THEN (ARRAY['submitted', 'accepted', 'in_progress'])[1 + k %% 3]
                                ELSE 'done' END AS state,
                           CASE WHEN k %% 40 < 3 THEN now() at time zone 'UTC' - interval '3 days'
                                WHEN k %% 40 < 8 THEN now() at time zone 'UTC' - interval '1 hour'
                                ELSE now() at time zone 'UTC' - make_interval(days => 2 + (k %% 300)::int)
                           END AS submitted) s""",
    {'accounts': account_ids, 'types': types, 'company': company.id})
fill_account_columns('kam_service_request', request_ids)
cr.execute("""UPDATE kam_service_request r SET kind = t.kind, sla_status = 'on_time', validation_status = 'no',
                     sla_success = CASE WHEN r.state = 'done' THEN 100 ELSE 0 END
                FROM kam_service_request_type t WHERE t.id = r.type_id AND r.id = ANY(%s)""",
           [request_ids])
recompute(env['kam.service.request'], request_ids)
log(f"{len(request_ids)} work orders")
# Members: ten per account, a tenth of them suspended.
member_ids = insert('kam_member', ['name', 'mobile', 'partner_id', 'company_id', 'state',
                                   'date_join', 'active'] + common_cols[2:], """
    SELECT 'Member ' || k, '13' || lpad(k::text, 9, '0'), a.id, %(company)s,
           CASE WHEN k %% 10 = 0 THEN 'suspended' ELSE 'active' END,
           current_date - (k %% 900)::int, TRUE, 1, 1, now(), now()
      FROM unnest(%(accounts)s) WITH ORDINALITY AS a(id, n), generate_series(1, 10) m,
           LATERAL (SELECT a.n * 10 + m AS k) kk""",
    {'accounts': account_ids, 'company': company.id})
fill_account_columns('kam_member', member_ids)
recompute(env['kam.member'], member_ids)
log(f"{len(member_ids)} members")
cr.execute("ANALYZE")
# the shell rolls back when the script ends: keep the data set for the other scripts
env['ir.cron']._commit_progress()  # outside a cron: commits
log("data set committed")
