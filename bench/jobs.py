"""The nightly jobs at the data set's scale: time and queries of each, its
SQL floor and how they grow.

For each job: the run on a fifth of the data (the other records taken out
of its domain) and on all of it, each printed with its time, queries,
queries per chunk and its SQL floor (one hand-written SQL pass over the
same inputs writing what the job writes, rolled back); then the ratio of
the job to its floor, and the growth ratio (time of all the data / time of
the fifth, over 5: 1.0 is linear). The health and SLA jobs are run twice on
the whole data: the first run on a database, then a rerun of the same work.

Run through `bench/run.sh` (`make bench`, BENCH_ONLY=jobs), inside `odoo-bin
shell` where `env` is defined. BENCH_RERUNS=0 leaves out the next-day runs. The jobs commit as they do at night; what
they made is deleted after each run (the database is thrown away anyway).
"""
import os
import time

from odoo import fields

cr = env.cr  # noqa: F821 (odoo shell)
env = env(context=dict(env.context, lang='en_US'))  # noqa: F821
Partner = env['res.partner']
Request = env['kam.service.request']
accounts = Partner.search([('kam_is_key_account', '=', True)], order='id').ids
fifth = accounts[:len(accounts) // 5]
line = "{:<58} {:>9} {:>8} {:>8} {:>9} {:>7}"
print(line.format("job (data)", "time s", "queries", "q/chunk", "floor s", "ratio"), flush=True)


def commit():
    env['ir.cron']._commit_progress()  # outside a cron: commits
    env.invalidate_all()


def measure(func):
    """(seconds, queries) of ``func()``, committed."""
    env.invalidate_all()
    count, start = cr.sql_log_count, time.perf_counter()
    func()
    env.flush_all()
    commit()
    return time.perf_counter() - start, cr.sql_log_count - count


def floor(sql, params):
    """Seconds of one SQL pass, rolled back."""
    cr.execute("SAVEPOINT bench_floor")
    start = time.perf_counter()
    cr.execute(sql, params)
    elapsed = time.perf_counter() - start
    cr.execute("ROLLBACK TO SAVEPOINT bench_floor")
    return elapsed


night_floor = {}


def report(label, seconds, queries, chunks, floor_s):
    night_floor[label.split(',')[0]] = floor_s
    print(line.format(label, f"{seconds:.2f}", queries, f"{queries / max(chunks, 1):.0f}",
                      f"{floor_s:.2f}", f"{seconds / floor_s:.0f}x" if floor_s else "-"),
          flush=True)


RERUNS = os.environ.get('BENCH_RERUNS', '1') != '0'
night = {}  # job: (seconds, SQL floor) on all the data, first run


def growth(label, small, large, ratio=5):
    (t_small, q_small), (t_large, q_large) = small, large
    night[label] = (t_large, night_floor.get(label, 0))
    print(f"  {label}: growth of time {t_large / t_small / ratio:.2f}, of queries "
          f"{q_large / q_small / ratio:.2f} (1.00 = linear)", flush=True)


# ---- the tier job ----------------------------------------------------------------
TIER_FLOOR = """
WITH graded AS (
    SELECT p.id, (SELECT t.id FROM kam_tier t
                   WHERE t.active AND (p.kam_monthly_revenue >= coalesce(t.min_monthly_revenue, 0)
                                       OR p.kam_handset_count >= coalesce(t.min_handset_count, 0))
                   ORDER BY t.sequence LIMIT 1) AS tier_id
      FROM res_partner p
     WHERE p.kam_is_key_account AND p.id = ANY(%(ids)s)
)
UPDATE res_partner p SET kam_tier_id = g.tier_id, kam_tier_reason = 'by revenue',
                         kam_tier_date = current_date
  FROM graded g WHERE p.id = g.id
"""


def tier_reset(only=None):
    """Every account to classify again today (``only``: the others done)."""
    cr.execute("""UPDATE res_partner SET kam_tier_date = CASE WHEN %s AND NOT id = ANY(%s)
                                                           THEN current_date END
                   WHERE kam_is_key_account""", [only is not None, only or []])
    commit()


runs = {}
for label, only in (("fifth", fifth), ("all", None)):
    tier_reset(only)
    ids = only or accounts
    floor_s = floor(TIER_FLOOR, {'ids': ids})
    runs[label] = measure(Partner._cron_kam_classify_tiers)
    report(f"tier job, {len(ids):,} accounts ({label}; tiers change on a new data set)", *runs[label],
           -(-len(ids) // 500), floor_s)
growth("tier job", runs['fifth'], runs['all'])
if RERUNS:
    tier_reset(None)
    seconds, queries = measure(Partner._cron_kam_classify_tiers)
    report(f"tier job, {len(accounts):,} accounts (next day, no change)", seconds, queries,
           -(-len(accounts) // 500), floor_s)

# ---- SLA escalation ------------------------------------------------------------
cr.execute("SELECT coalesce(max(id), 0) FROM mail_message")
mark = {'message': cr.fetchone()[0]}
activity_type = env.ref('key_account_management.mail_activity_type_kam_sla_breach')
model_id = env['ir.model']._get_id('kam.service.request')
note_subtype = env.ref('mail.mt_note').id


def sla_reset(only=None, keep_followers=False):
    """Every bench work order back to not escalated; with ``only``, the work
    orders of other accounts out of the job's domain (as failed today)."""
    cr.execute("""UPDATE kam_service_request
                     SET sla_accept_breached = FALSE, sla_resolve_breached = FALSE,
                         accept_escalated_at = NULL, resolve_escalated_at = NULL,
                         sla_status = 'on_time',
                         sla_job_failed_date = CASE WHEN %s AND NOT partner_id = ANY(%s)
                                                    THEN current_date END
                   WHERE name LIKE 'BENCH-WO/%%'""", [only is not None, only or []])
    cr.execute("DELETE FROM mail_activity WHERE res_model = 'kam.service.request'")
    if not keep_followers:
        cr.execute("DELETE FROM mail_followers WHERE res_model = 'kam.service.request'")
    cr.execute("DELETE FROM mail_message WHERE model = 'kam.service.request' AND id > %s",
               [mark['message']])
    commit()


SLA_FLOOR = """
WITH due AS (
    SELECT r.id, r.name, p.kam_manager_id AS user_id,
           r.state = 'submitted' AND r.deadline_accept < %(now)s
               AND r.accept_escalated_at IS NULL AS late_accept,
           r.deadline_accept, r.deadline_resolve
      FROM kam_service_request r JOIN res_partner p ON p.id = r.partner_id
     WHERE r.sla_job_failed_date IS NULL
       AND ((r.state = 'submitted' AND r.deadline_accept < %(now)s AND r.accept_escalated_at IS NULL)
         OR (r.state IN ('submitted', 'accepted', 'in_progress') AND r.deadline_resolve < %(now)s
             AND r.resolve_escalated_at IS NULL))
), flagged AS (
    UPDATE kam_service_request r
       SET sla_accept_breached = r.sla_accept_breached OR due.late_accept,
           accept_escalated_at = CASE WHEN due.late_accept THEN %(now)s ELSE r.accept_escalated_at END,
           sla_resolve_breached = r.sla_resolve_breached OR r.deadline_resolve < %(now)s,
           resolve_escalated_at = CASE WHEN r.deadline_resolve < %(now)s THEN %(now)s
                                       ELSE r.resolve_escalated_at END,
           sla_status = 'breached', write_date = %(now)s
      FROM due WHERE r.id = due.id RETURNING r.id
), activities AS (
    INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                               user_id, summary, note, date_deadline, automated, active,
                               create_uid, write_uid, create_date, write_date)
    SELECT %(model_id)s, 'kam.service.request', due.id, due.name, %(type)s, due.user_id,
           'Work order ' || due.name || ' is past its SLA',
           '<p>It was not ' || CASE WHEN due.late_accept THEN 'accepted' ELSE 'completed' END
               || ' in time (due ' || CASE WHEN due.late_accept THEN due.deadline_accept
                                           ELSE due.deadline_resolve END || ').</p>',
           current_date, TRUE, TRUE, 1, 1, %(now)s, %(now)s
      FROM due RETURNING id
), followers AS (
    INSERT INTO mail_followers (res_model, res_id, partner_id)
    SELECT DISTINCT 'kam.service.request', due.id, u.partner_id
      FROM due JOIN res_users u ON u.id = due.user_id
    ON CONFLICT DO NOTHING RETURNING id
), messages AS (
    INSERT INTO mail_message (model, res_id, message_type, body, subtype_id, author_id, date,
                              is_internal, create_uid, write_uid, create_date, write_date)
    SELECT 'kam.service.request', due.id, 'notification',
           '<p>SLA breached: escalated to the account manager and his manager (SLA job).</p>',
           %(subtype)s, 2, %(now)s, TRUE, 1, 1, %(now)s, %(now)s
      FROM due RETURNING id
)
SELECT (SELECT count(*) FROM flagged), (SELECT count(*) FROM activities),
       (SELECT count(*) FROM followers), (SELECT count(*) FROM messages)
"""
runs = {}
for label, only in (("fifth", fifth), ("all", None)):
    sla_reset(only)
    now = fields.Datetime.now()
    due = Request.search_count(Request._kam_breach_domain(now))
    params = {'now': now, 'model_id': model_id, 'type': activity_type.id, 'subtype': note_subtype}
    floor_s = floor(SLA_FLOOR, params)
    runs[label] = measure(Request._cron_kam_sla_escalate)
    report(f"SLA escalation, {due:,} overdue work orders ({label}, first run)",
           *runs[label], -(-due // 200), floor_s)
growth("SLA escalation", runs['fifth'], runs['all'])
if RERUNS:
    sla_reset(None, keep_followers=True)
    due = Request.search_count(Request._kam_breach_domain(fields.Datetime.now()))
    seconds, queries = measure(Request._cron_kam_sla_escalate)
    report(f"SLA escalation, {due:,} overdue work orders (rerun, followers there)",
           seconds, queries, -(-due // 200), 0)
sla_reset(None)

# ---- the health job ------------------------------------------------------------
HEALTH_FLOOR = """
WITH figures AS (
    SELECT p.id,
           (SELECT count(*) FROM kam_contract c WHERE c.partner_id = p.id
               AND c.state IN ('active', 'expiring') AND c.date_end < current_date + 90) AS expiring,
           (SELECT count(*) FROM kam_project j WHERE j.partner_id = p.id
               AND j.stage = 'in_progress' AND j.date_end < current_date) AS late_projects,
           (SELECT count(*) FROM kam_service_request r WHERE r.partner_id = p.id
               AND r.sla_status = 'breached'
               AND r.date_submitted > current_date - 90) AS breaches
      FROM res_partner p WHERE p.kam_is_key_account AND p.id = ANY(%(ids)s)
), factors AS (
    INSERT INTO kam_health_factor (partner_id, rule_id, name, value, points, date,
                                   create_uid, write_uid, create_date, write_date)
    SELECT f.id, %(rule)s, 'Contracts ending soon: ' || f.expiring, f.expiring, 10, current_date,
           1, 1, now(), now()
      FROM figures f WHERE f.expiring > 0 RETURNING id
), scored AS (
    UPDATE res_partner p
       SET kam_health_score = greatest(0, 100 - 10 * least(f.expiring, 1)
                                      - 10 * least(f.late_projects, 1) - 10 * least(f.breaches, 1)),
           kam_health_band = 'healthy', kam_health_date = current_date
      FROM figures f WHERE p.id = f.id RETURNING p.id
), visits AS (
    INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                               user_id, summary, date_deadline, automated, active,
                               create_uid, write_uid, create_date, write_date)
    SELECT %(partner_model)s, 'res.partner', p.id, p.name, %(visit)s, p.kam_manager_id,
           'Return visit due (tier ' || t.code || ': every ' || t.visit_frequency_days || ' days)',
           current_date, TRUE, TRUE, 1, 1, now(), now()
      FROM figures f JOIN res_partner p ON p.id = f.id JOIN kam_tier t ON t.id = p.kam_tier_id
     WHERE p.kam_manager_id IS NOT NULL AND t.visit_frequency_days > 0 RETURNING id
), history AS (
    INSERT INTO kam_health_history (partner_id, month, score, band, create_uid, write_uid,
                                    create_date, write_date)
    SELECT f.id, date_trunc('month', current_date)::date, 100, 'healthy', 1, 1, now(), now()
      FROM figures f RETURNING id
)
SELECT (SELECT count(*) FROM factors), (SELECT count(*) FROM scored), (SELECT count(*) FROM visits),
       (SELECT count(*) FROM history)
"""
rule = env['kam.health.rule'].search([], limit=1)
visit_type = env.ref('key_account_management.mail_activity_type_kam_visit')
cr.execute("SELECT coalesce(max(id), 0) FROM mail_followers")
mark['followers'] = cr.fetchone()[0]


def health_reset(only=None):
    """Every account unmeasured (``only``: the others measured today)."""
    cr.execute("""UPDATE res_partner SET kam_health_date = CASE WHEN %s AND NOT id = ANY(%s)
                                                             THEN current_date END
                   WHERE kam_is_key_account""", [only is not None, only or []])
    cr.execute("DELETE FROM kam_health_history WHERE month = date_trunc('month', current_date)::date")
    # the visits to plan: planned again, as on the first run on a database
    cr.execute("DELETE FROM mail_activity WHERE res_model = 'res.partner' AND activity_type_id = %s",
               [visit_type.id])
    cr.execute("DELETE FROM mail_followers WHERE res_model = 'res.partner' AND id > %s",
               [mark['followers']])
    commit()


runs = {}
for label, only in (("fifth", fifth), ("all", None)):
    health_reset(only)
    ids = only or accounts
    floor_s = floor(HEALTH_FLOOR, {'ids': ids, 'rule': rule.id, 'visit': visit_type.id,
                                      'partner_model': env['ir.model']._get_id('res.partner')})
    runs[label] = measure(Partner._cron_kam_health)
    report(f"health job, {len(ids):,} accounts ({label})", *runs[label], -(-len(ids) // 200),
           floor_s)
growth("health job", runs['fifth'], runs['all'])
if RERUNS:
    cr.execute("UPDATE res_partner SET kam_health_date = NULL WHERE kam_is_key_account")
    commit()
    seconds, queries = measure(Partner._cron_kam_health)
    report(f"health job, {len(accounts):,} accounts (rerun, visits planned)", seconds, queries,
           -(-len(accounts) // 200), floor_s)

# ---- contract reminders ----------------------------------------------------------
Contract = env['kam.contract']
cr.execute("DROP TABLE IF EXISTS bench_contract_state")
cr.execute("""CREATE TABLE bench_contract_state AS
              SELECT id, state, next_check_date FROM kam_contract WHERE name LIKE 'BENCH/%%'""")
cr.execute("SELECT coalesce(max(id), 0) FROM kam_contract_reminder")
mark['reminder'] = cr.fetchone()[0]
cr.execute("SELECT coalesce(max(id), 0) FROM kam_contract")
mark['contract'] = cr.fetchone()[0]
commit()


def contract_reset(only=None):
    """The bench contracts as the data set made them (``only``: the
    contracts of other accounts out of the job's domain)."""
    cr.execute("""UPDATE kam_contract c SET state = s.state, next_check_date = s.next_check_date,
                         job_failed_date = CASE WHEN %s AND NOT c.partner_id = ANY(%s)
                                                THEN current_date END
                    FROM bench_contract_state s WHERE s.id = c.id""", [only is not None, only or []])
    cr.execute("DELETE FROM kam_contract WHERE id > %s", [mark['contract']])
    cr.execute("DELETE FROM kam_contract_reminder WHERE id > %s", [mark['reminder']])
    cr.execute("DELETE FROM mail_activity WHERE res_model = 'kam.contract'")
    cr.execute("DELETE FROM mail_message WHERE model = 'kam.contract' AND id > %s", [mark['message']])
    commit()


CONTRACT_FLOOR = """
WITH due AS (
    SELECT c.id, c.name, c.user_id, c.date_end, c.state,
           c.date_end < current_date AS ended,
           c.state = 'active' AND c.date_end - greatest(c.reminder_days_1, c.reminder_days_2,
                                                         c.reminder_days_3, c.notice_days) <= current_date
               AS now_expiring
      FROM kam_contract c
     WHERE c.state IN ('active', 'expiring') AND c.next_check_date <= current_date
       AND c.job_failed_date IS NULL
), steps AS (
    INSERT INTO kam_contract_reminder (contract_id, company_id, partner_id, step, date_due, date_end,
                                       date_sent, active, create_uid, write_uid, create_date, write_date)
    SELECT c.id, c.company_id, c.partner_id, s.step, c.date_end - s.days, c.date_end, now(), TRUE,
           1, 1, now(), now()
      FROM due JOIN kam_contract c ON c.id = due.id,
           LATERAL (VALUES (c.reminder_days_1::text, c.reminder_days_1),
                           (c.reminder_days_2::text, c.reminder_days_2),
                           (c.reminder_days_3::text, c.reminder_days_3),
                           ('notice', c.notice_days)) AS s(step, days)
     WHERE s.days > 0 AND c.date_end - s.days <= current_date
       AND NOT EXISTS (SELECT 1 FROM kam_contract_reminder r
                        WHERE r.contract_id = c.id AND r.step = s.step AND r.active)
    RETURNING contract_id
), reminded AS (
    SELECT DISTINCT due.* FROM due JOIN steps ON steps.contract_id = due.id WHERE NOT due.ended
), states AS (
    UPDATE kam_contract c SET state = CASE WHEN due.ended THEN 'expired' ELSE 'expiring' END,
                              write_date = now()
      FROM due WHERE c.id = due.id AND (due.ended OR due.now_expiring)
    RETURNING c.id, c.state
), state_notes AS (
    INSERT INTO mail_message (model, res_id, message_type, body, subtype_id, author_id, date,
                              is_internal, create_uid, write_uid, create_date, write_date)
    SELECT 'kam.contract', states.id, 'notification',
           '<p>Status: ' || states.state || ' (daily contract job).</p>', %(subtype)s, 2, now(),
           TRUE, 1, 1, now(), now()
      FROM states RETURNING id
), reminder_notes AS (
    INSERT INTO mail_message (model, res_id, message_type, subject, body, subtype_id, author_id, date,
                              is_internal, create_uid, write_uid, create_date, write_date)
    SELECT 'kam.contract', reminded.id, 'notification', 'Contract expiry reminder',
           '<p>Contract ' || reminded.name || ' ends on ' || reminded.date_end || '.</p>',
           %(subtype)s, 2, now(), TRUE, 1, 1, now(), now()
      FROM reminded RETURNING id
), activities AS (
    INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                               user_id, summary, note, date_deadline, automated, active,
                               create_uid, write_uid, create_date, write_date)
    SELECT %(model_id)s, 'kam.contract', reminded.id, reminded.name, %(type)s,
           coalesce(reminded.user_id, 1), 'Contract ' || reminded.name || ' ends on ' || reminded.date_end,
           '<p>Agree the renewal with the customer, or plan its termination.</p>',
           least(current_date + 7, reminded.date_end), TRUE, TRUE, 1, 1, now(), now()
      FROM reminded RETURNING id
)
SELECT (SELECT count(*) FROM steps), (SELECT count(*) FROM states),
       (SELECT count(*) FROM state_notes), (SELECT count(*) FROM reminder_notes),
       (SELECT count(*) FROM activities)
"""
runs = {}
today = fields.Date.context_today(Contract)
contract_domain = [('state', 'in', ('active', 'expiring')), ('next_check_date', '<=', today),
                   ('job_failed_date', '=', False)]
for label, only in (("fifth", fifth), ("all", None)):
    contract_reset(only)
    due = Contract.search_count(contract_domain)
    floor_s = floor(CONTRACT_FLOOR, {
        'subtype': note_subtype, 'model_id': env['ir.model']._get_id('kam.contract'),
        'type': env.ref('key_account_management.mail_activity_type_kam_contract_renewal').id})
    runs[label] = measure(Contract._cron_kam_contract_reminders)
    report(f"contract reminders, {due:,} contracts due ({label})", *runs[label], -(-due // 200),
           floor_s)
growth("contract reminders", runs['fifth'], runs['all'])
contract_reset(None)
cr.execute("DROP TABLE bench_contract_state")
commit()

# ---- project warnings ----------------------------------------------------------
Project = env['kam.project']
Task = env['kam.project.task']


def project_reset(only=None):
    """Every open bench project to refresh and every line owed its warning
    (``only``: the projects and lines of other accounts done today)."""
    cr.execute("""UPDATE kam_project SET health_date = CASE WHEN %s AND NOT partner_id = ANY(%s)
                                                          THEN current_date END
                   WHERE reference LIKE 'BENCH-PRJ/%%'""", [only is not None, only or []])
    cr.execute("""UPDATE kam_project_task SET warned_soon = FALSE, warned_overdue = FALSE,
                         warning_failed_date = CASE WHEN %s AND NOT partner_id = ANY(%s)
                                                    THEN current_date END
                   WHERE name = 'Bench work'""", [only is not None, only or []])
    cr.execute("DELETE FROM mail_activity WHERE res_model = 'kam.project.task'")
    commit()


PROJECT_FLOOR = """
WITH refreshed AS (
    UPDATE kam_project p
       SET health = CASE WHEN p.date_end < current_date THEN 'late'
                         WHEN EXISTS (SELECT 1 FROM kam_project_task t WHERE t.project_id = p.id
                                         AND t.status != 'done'
                                         AND (t.status = 'blocked' OR t.date_expected < current_date))
                         THEN 'at_risk' ELSE 'on_track' END,
           health_date = current_date
     WHERE p.stage IN ('draft', 'in_progress') AND (p.health_date IS NULL OR p.health_date < current_date)
    RETURNING p.id
), due AS (
    SELECT t.id, t.user_id, t.date_expected, t.date_expected < current_date AS overdue,
           '[' || p.reference || '] ' || t.name AS name
      FROM kam_project_task t JOIN kam_project p ON p.id = t.project_id
     WHERE t.status != 'done' AND t.user_id IS NOT NULL AND t.warning_failed_date IS NULL
       AND p.stage IN ('draft', 'in_progress') AND t.date_expected IS NOT NULL
       AND ((t.date_expected < current_date AND NOT coalesce(t.warned_overdue, FALSE))
         OR (t.date_expected BETWEEN current_date AND current_date + 3
             AND NOT coalesce(t.warned_soon, FALSE)))
), activities AS (
    INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                               user_id, summary, note, date_deadline, automated, active,
                               create_uid, write_uid, create_date, write_date)
    SELECT %(model_id)s, 'kam.project.task', due.id, due.name, %(type)s, due.user_id,
           CASE WHEN due.overdue THEN 'Department work overdue' ELSE 'Department work due soon' END,
           '<p>This work is past its expected date.</p>', greatest(due.date_expected, current_date),
           TRUE, TRUE, 1, 1, now(), now()
      FROM due RETURNING id
), followers AS (
    INSERT INTO mail_followers (res_model, res_id, partner_id)
    SELECT DISTINCT 'kam.project.task', due.id, u.partner_id
      FROM due JOIN res_users u ON u.id = due.user_id
    ON CONFLICT DO NOTHING RETURNING id
), flagged AS (
    UPDATE kam_project_task t SET warned_soon = TRUE, warned_overdue = t.warned_overdue OR due.overdue
      FROM due WHERE t.id = due.id RETURNING t.id
)
SELECT (SELECT count(*) FROM refreshed), (SELECT count(*) FROM activities),
       (SELECT count(*) FROM followers), (SELECT count(*) FROM flagged)
"""
runs = {}
for label, only in (("fifth", fifth), ("all", None)):
    project_reset(only)
    projects = Project.search_count([('stage', 'in', ('draft', 'in_progress')),
                                     '|', ('health_date', '=', False), ('health_date', '<', today)])
    due = Task.search_count(Task._kam_warning_domain())
    floor_s = floor(PROJECT_FLOOR, {
        'model_id': env['ir.model']._get_id('kam.project.task'),
        'type': env.ref('key_account_management.mail_activity_type_kam_project_warning').id})
    runs[label] = measure(Project._cron_kam_project_warnings)
    report(f"project warnings, {projects:,} projects, {due:,} lines warned ({label})",
           *runs[label], -(-projects // 200) + -(-due // 200), floor_s)
growth("project warnings", runs['fifth'], runs['all'])
project_reset(None)

# ---- KPI snapshot -----------------------------------------------------------------
KPI_FLOOR = """
SELECT a.kam_manager_id, a.kam_tier_id, a.company_id, count(*), sum(a.kam_monthly_revenue),
       sum(a.kam_employee_count), sum(coalesce(m.enrolled, 0)), sum(coalesce(m.at_start, 0)),
       sum(coalesce(m.kept, 0)), sum(coalesce(r.open, 0)), sum(coalesce(r.breached, 0)),
       sum(coalesce(c.n, 0)), sum(coalesce(j.n, 0))
  FROM res_partner a
  LEFT JOIN (SELECT partner_id,
                    count(*) FILTER (WHERE state IN ('active', 'suspended') AND active) AS enrolled,
                    count(*) FILTER (WHERE (date_join IS NULL OR date_join < %(month)s)
                                       AND (date_leave IS NULL OR date_leave >= %(month)s)) AS at_start,
                    count(*) FILTER (WHERE (date_join IS NULL OR date_join < %(month)s)
                                       AND (date_leave IS NULL OR date_leave > current_date)) AS kept
               FROM kam_member GROUP BY partner_id) m ON m.partner_id = a.id
  LEFT JOIN (SELECT partner_id,
                    count(*) FILTER (WHERE state IN ('submitted', 'accepted', 'in_progress')) AS open,
                    count(*) FILTER (WHERE date_submitted >= %(month)s
                                       AND (sla_accept_breached OR sla_resolve_breached)) AS breached
               FROM kam_service_request GROUP BY partner_id) r ON r.partner_id = a.id
  LEFT JOIN (SELECT partner_id, count(*) AS n FROM kam_contract
              WHERE state IN ('active', 'expiring') AND date_end < current_date + 90
              GROUP BY partner_id) c ON c.partner_id = a.id
  LEFT JOIN (SELECT partner_id, count(*) AS n FROM kam_project
              WHERE stage = 'in_progress' AND date_end < current_date
              GROUP BY partner_id) j ON j.partner_id = a.id
 WHERE a.kam_is_key_account AND a.active AND a.id = ANY(%(ids)s)
 GROUP BY 1, 2, 3
"""
Snapshot = env['kam.kpi.snapshot']
runs = {}
month = today.replace(day=1)
for label, only in (("fifth", fifth), ("all", None)):
    ids = only or accounts
    floor_s = floor(KPI_FLOOR, {'ids': ids, 'month': today.replace(day=1)})
    if only:
        # the others out of the month: no longer key accounts while it runs
        cr.execute("UPDATE res_partner SET kam_is_key_account = FALSE WHERE kam_is_key_account "
                   "AND NOT id = ANY(%s)", [only])
    runs[label] = measure(lambda: Snapshot._kam_compute_month(month))
    if only:
        cr.execute("UPDATE res_partner SET kam_is_key_account = TRUE WHERE id = ANY(%s)",
                   [list(set(accounts) - set(only))])
        commit()
    report(f"KPI snapshot, a month of {len(ids):,} accounts ({label})", *runs[label], 1, floor_s)
growth("KPI snapshot", runs['fifth'], runs['all'])

total = sum(seconds for seconds, _floor in night.values())
floors = sum(floor_s for _seconds, floor_s in night.values())
print(f"the night's jobs on {len(accounts):,} accounts: {total:.0f} s ({total / 60:.1f} min), "
      f"their SQL floors {floors:.0f} s, ratio {total / floors:.1f}x", flush=True)
