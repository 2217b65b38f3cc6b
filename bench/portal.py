"""The customer portal of the largest group of the data set (a twentieth of
the accounts: 1,000 companies at BENCH_ACCOUNTS=20000; with a smaller data
set, a group of GROUP companies is added, one contract per twenty of them)
against Odoo's own
portal: the home counters (/my/counters with the addon's counters, against
the same request for a counter no module answers — all Odoo costs for it
here, without sale or invoicing) and the contract list (/my/contracts,
against Odoo's /my/account). Target: within 2x of Odoo's own.

Run through `bench/run.sh` (odoo-bin shell, `env` defined): it adds a portal
user to the group's head company and commits, then starts Odoo on a free
port (threaded, one process) and measures over HTTP: milliseconds (best of
RUNS) and the queries of the request, as Odoo's request log counts them.
"""
import os
import re
import socket
import subprocess
import sys
import time
from datetime import date, timedelta

import requests

from odoo.tools import config

RUNS = 9
GROUP = 1000
LOGIN = 'bench_portal_group_it'
ENV = env  # noqa: F821 (odoo shell)
cr = ENV.cr

# the largest group: the head company with the most key accounts below it
cr.execute("""
    SELECT head.id, count(*) FROM res_partner head
      JOIN res_partner p ON p.kam_group_id = head.id AND p.kam_is_key_account
     GROUP BY head.id ORDER BY count(*) DESC LIMIT 1""")
head_id, companies = cr.fetchone() or (None, 0)
if companies < GROUP:
    manager = ENV['res.partner'].search([('kam_manager_id', '!=', False)], limit=1).kam_manager_id \
        or ENV.ref('base.user_admin')
    head = ENV['res.partner'].create({'name': "Bench Portal Group", 'is_company': True,
                                      'kam_is_key_account': True, 'kam_manager_id': manager.id})
    branches = ENV['res.partner'].create([{
        'name': f"Bench Portal Branch {i:04d}", 'is_company': True, 'kam_is_key_account': True,
        'parent_id': head.id, 'kam_manager_id': manager.id} for i in range(GROUP - 1)])
    today = date.today()
    ENV['kam.contract'].create([{
        'title': f"Bench portal line {i}", 'partner_id': branch.id, 'amount': 1000,
        'date_start': today - timedelta(days=10), 'date_end': today + timedelta(days=300),
    } for i, branch in enumerate(branches[::20])]).action_confirm()
    companies = GROUP
else:
    head = ENV['res.partner'].browse(head_id)
contact = ENV['res.partner'].create({'name': "Group IT (bench)", 'parent_id': head.id,
                                     'email': 'bench_portal@example.com'})
ENV['res.users'].with_context(no_reset_password=True).create({
    'name': "Group IT (bench)", 'login': LOGIN, 'password': LOGIN, 'partner_id': contact.id,
    'group_ids': [(6, 0, [ENV.ref('base.group_portal').id])]})
user = ENV['res.users'].search([('login', '=', LOGIN)])
counts = {model: ENV[model].with_user(user).search_count([]) for model in (
    'kam.contract', 'kam.member', 'kam.service.request', 'kam.project')}
ENV["ir.cron"]._commit_progress()  # outside a cron: commits (the server process reads the data)

addons_path = config['addons_path']
if not isinstance(addons_path, str):
    addons_path = ','.join(addons_path)
sock = socket.socket()
sock.bind(('127.0.0.1', 0))
port = sock.getsockname()[1]
sock.close()
log = os.path.join(os.environ.get('TMPDIR', '/tmp'), f'kam-bench-portal-{port}.log')
server = subprocess.Popen([
    sys.executable, sys.argv[0], f"--addons-path={addons_path}",
    *([f"--db_user={config['db_user']}"] if config['db_user'] else []),
    *([f"--db_host={config['db_host']}"] if config['db_host'] else []),
    '-d', cr.dbname, f"--db-filter=^{cr.dbname}$", '--http-interface=127.0.0.1',
    f'--http-port={port}', f'--gevent-port={port + 1}', '--max-cron-threads=0',
    '--log-level=info', f'--logfile={log}'])
url = f'http://127.0.0.1:{port}'
session = requests.Session()
try:
    for _ in range(120):
        try:
            if requests.get(url + '/web/health', timeout=5).status_code == 200:
                break
        except requests.RequestException:
            pass
        time.sleep(1)
    session.post(url + '/web/session/authenticate', timeout=60, json={
        'jsonrpc': '2.0', 'method': 'call', 'params': {
            'db': cr.dbname, 'login': LOGIN, 'password': LOGIN}}).raise_for_status()

    def counters(names):
        def call():
            response = session.post(url + '/my/counters', timeout=60, json={
                'jsonrpc': '2.0', 'method': 'call', 'params': {'counters': names}})
            if 'error' in response.json():
                raise RuntimeError(response.json()['error'])
            return response
        return call

    def page(path):
        return lambda: session.get(url + path, timeout=60)

    def queries(path):
        """Queries of the last request to ``path`` in the server's log."""
        pattern = re.compile(r'"(?:GET|POST) %s HTTP/[0-9.]+" 200 - (\d+) ' % re.escape(path))
        with open(log, encoding='utf-8') as handle:
            found = [int(m.group(1)) for m in map(pattern.search, handle) if m]
        return found[-1] if found else -1

    def cost(path, call):
        call()  # warm
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - start) * 1000)
            response.raise_for_status()
        time.sleep(0.5)  # the request lines are written
        return min(times), queries(path)

    kam_counters = ['kam_contract_count', 'kam_member_count', 'kam_project_count',
                    'kam_request_count', 'kam_tariff_count', 'kam_agent_account_count',
                    'kam_agent_statement_count']
    pairs = [
        ("home counters (7)", cost('/my/counters', counters(kam_counters)),
         "Odoo's counters request", cost('/my/counters', counters(['bench_none_count']))),
        ("/my/contracts", cost('/my/contracts', page('/my/contracts')),
         "Odoo's /my/account", cost('/my/account', page('/my/account'))),
    ]
    print(f"group of {companies} companies; the portal user reads {counts} (best of {RUNS} runs)")
    worst = 0.0
    for label, (ms, q), odoo_label, (odoo_ms, odoo_q) in pairs:
        ratio = ms / odoo_ms if odoo_ms else 1.0
        worst = max(worst, ratio)
        print(f"{label:<20} {ms:7.1f} ms {q:3d} q   {odoo_label:<24} {odoo_ms:7.1f} ms {odoo_q:3d} q"
              f"   {ratio:5.2f}x")
    print(f"{'worst ratio (target within 2x)':<42} {worst:5.2f}x {'OK' if worst <= 2 else 'ABOVE TARGET'}")
finally:
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
    os.unlink(log)
