"""Drive an Odoo started with --db_replica_host against a database with the
addon installed, and show where each request was served. Usage:
    replica_probe.py HTTP_PORT DB REPLICA_HOST REPLICA_PORT ODOO_LOG REPLICA_LOG

As the administrator (admin/admin): create a key account, a portal user of
it and a confirmed contract (writes: the primary). Once the replica has
replayed them, as the portal user: the portal home counters, the contract
list and page, the address book, work orders, tariffs, projects; as the
administrator: a list read (search_read). Then one more write.

Proof, for each request: the cursor Odoo served it with, as its request
log line ends (``ro``: a read-only cursor, which Odoo opens on the replica
only; ``rw``: the primary; ``ro->rw``: a read-only route that wrote or
found no replica and was served again by the primary), and the replica's
own statement log (log_statement=all): the reads are there, the writes
are not. Exits 0 when every read was served by the replica and every write
by the primary, 1 otherwise (the reasons are printed)."""
import re
import sys
import time

import psycopg2
import requests

ADMIN = ('admin', 'admin')


class Odoo:
    def __init__(self, port, db):
        self.url = f"http://127.0.0.1:{port}"
        self.db = db
        self.session = requests.Session()

    def jsonrpc(self, path, params):
        response = self.session.post(self.url + path, timeout=60, json={
            'jsonrpc': '2.0', 'method': 'call', 'id': 1, 'params': params})
        response.raise_for_status()
        body = response.json()
        if body.get('error'):
            raise RuntimeError(f"{path}: {body['error'].get('data', {}).get('message') or body['error']}")
        return body['result']

    def login(self, login, password):
        return self.jsonrpc('/web/session/authenticate',
                            {'db': self.db, 'login': login, 'password': password})

    def call(self, model, method, *args, **kwargs):
        return self.jsonrpc(f'/web/dataset/call_kw/{model}.{method}', {
            'model': model, 'method': method, 'args': list(args), 'kwargs': kwargs})

    def get(self, path):
        response = self.session.get(self.url + path, timeout=60, allow_redirects=False)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        return response


def wait_for_http(url, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url + '/web/health', timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not answer within {seconds}s")


def wait_for_replica(replica, db, query, params, seconds=60):
    """Wait until the replica's copy of ``db`` answers ``query`` with a row."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with psycopg2.connect(dbname=db, **replica) as cnx, cnx.cursor() as cr:
            cr.execute(query, params)
            if cr.fetchone():
                return
        time.sleep(0.5)
    raise RuntimeError("the replica did not replay the primary's writes in time")


def served_by(log, method, path):
    """The cursor modes of the request lines of ``method path`` in ``log``."""
    pattern = re.compile(r'"%s %s(?:\?[^ ]*)? HTTP/[0-9.]+" (\d+) .* (ro->rw|ro|rw)\s*$'
                         % (method, re.escape(path)))
    with open(log, encoding='utf-8', errors='replace') as handle:
        return [(m.group(1), m.group(2)) for m in map(pattern.search, handle) if m]


def main(http_port, db, replica_host, replica_port, odoo_log, replica_log):
    replica = {'host': replica_host, 'port': int(replica_port)}
    stamp = str(int(time.time()))
    admin = Odoo(http_port, db)
    wait_for_http(admin.url)
    admin_uid = admin.login(*ADMIN)['uid']

    # writes: the primary
    portal_group = admin.call('ir.model.data', 'search_read',
                              [('module', '=', 'base'), ('name', '=', 'group_portal')],
                              ['res_id'])[0]['res_id']
    company = admin.call('res.partner', 'create', {
        'name': f"Replica Check Group {stamp}", 'is_company': True,
        'kam_is_key_account': True, 'kam_manager_id': admin_uid})
    contact = admin.call('res.partner', 'create', {
        'name': f"Replica Check IT {stamp}", 'parent_id': company,
        'email': f'replica{stamp}@example.com'})
    login = f'replica_check_{stamp}'
    admin.call('res.users', 'create', {
        'name': f"Replica Check IT {stamp}", 'login': login, 'password': login,
        'partner_id': contact, 'group_ids': [(6, 0, [portal_group])]})
    today = time.strftime('%Y-%m-%d')
    contract = admin.call('kam.contract', 'create', {
        'title': "Replica check line", 'partner_id': company, 'amount': 1000,
        'date_start': today, 'date_end': f"{int(today[:4]) + 1}{today[4:]}"})
    admin.call('kam.contract', 'action_confirm', [contract])
    wait_for_replica(replica, db, "SELECT 1 FROM kam_contract WHERE id = %s AND state != 'draft'",
                     (contract,))
    print(f"primary: wrote a key account, a portal user and contract {contract}; replayed by the replica")

    # reads: the replica
    portal = Odoo(http_port, db)
    portal.login(login, login)
    reads = [('GET', path) for path in (
        '/my/contracts', f'/my/contracts/{contract}', '/my/requests',
        '/my/requests/new', '/my/tariffs', '/my/kam_projects')]
    for _method, path in reads:
        portal.get(path)
    # the address book writes who read it in the processing log: the primary
    portal.get('/my/members')
    counters = portal.jsonrpc('/my/counters', {'counters': [
        'kam_contract_count', 'kam_member_count', 'kam_request_count', 'kam_tariff_count',
        'kam_project_count']})
    if counters.get('kam_contract_count') != 1:
        raise RuntimeError(f"the portal user counts {counters} contracts, not 1")
    reads.append(('POST', '/my/counters'))
    if "Replica check line" not in portal.get('/my/contracts').text:
        raise RuntimeError("the contract list read from the replica misses the contract")
    rows = admin.call('kam.contract', 'search_read', [('id', '=', contract)], ['name', 'state'])
    reads.append(('POST', '/web/dataset/call_kw/kam.contract.search_read'))
    print(f"replica: the portal pages, the counters {counters} and a list read ({rows[0]['name']})")

    # one more write after the reads: the primary again
    marker = f"Replica Check Written {stamp}"
    written = admin.call('res.partner', 'create', {'name': marker})
    wait_for_replica(replica, db, "SELECT 1 FROM res_partner WHERE id = %s", (written,))
    writes = [('POST', '/web/session/authenticate'), ('POST', '/web/dataset/call_kw/res.partner.create'),
              ('POST', '/web/dataset/call_kw/kam.contract.action_confirm'), ('GET', '/my/members')]
    time.sleep(1)  # the workers write their request lines

    problems = []
    for method, path in reads:
        modes = served_by(odoo_log, method, path)
        if not modes:
            problems.append(f"{method} {path}: no request line in {odoo_log}")
        elif any(mode != 'ro' or status != '200' for status, mode in modes):
            problems.append(f"{method} {path}: served {modes}, expected 200 on a read-only cursor (ro)")
    for method, path in writes:
        modes = served_by(odoo_log, method, path)
        if not modes or any(mode != 'rw' for _status, mode in modes):
            problems.append(f"{method} {path}: served {modes or 'nowhere'}, expected the primary (rw)")
    with open(replica_log, encoding='utf-8', errors='replace') as handle:
        statements = [line for line in handle if f'@{db} ' in line and 'statement:' in line]
    if not any('FROM "kam_contract"' in line for line in statements):
        problems.append(f"the replica's log {replica_log} shows no read of kam_contract")
    if any(re.search(r'\b(INSERT|UPDATE|DELETE)\b', line) for line in statements):
        problems.append("the replica's log shows a write statement")
    if any(marker in line for line in statements):
        problems.append("the replica's log shows the write of the partner")
    for problem in problems:
        print(problem)
    print(f"replica: {len(statements)} statements on {db}; reads {len(reads)} requests (ro), "
          f"writes {len(writes)} kinds of requests (rw)")
    return 1 if problems else 0


if __name__ == '__main__':
    try:
        sys.exit(main(*sys.argv[1:7]))
    except (RuntimeError, requests.RequestException, psycopg2.Error) as error:
        print(f"replica check: {error}")
        sys.exit(1)
