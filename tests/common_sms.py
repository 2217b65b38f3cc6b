import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .common_service_request import KamServiceRequestCommon

KANNEL_USER = 'kam-sender'
KANNEL_PASSWORD = 'p4ss-for-tests'
DLR_SECRET = 's3cr3t-for-tests'


class LoopbackSmsbox:
    """Kannel's smsbox ``sendsms`` interface as it answers, on 127.0.0.1
    (Odoo's tests let loopback requests through), for the tests that do not
    need the real Kannel (tests/test_sms_kannel_live.py starts it): it
    checks the sendsms user, records each message (its query), answers 202
    "0: Accepted for delivery", 403 to a wrong user, 400 without a receiver,
    the refusals set per number, and 503 when down."""

    def __init__(self):
        self.requests = []        # the query of each accepted or refused message
        self.refuse = {}          # number -> (status, answer)
        self.down = False
        self.lock = threading.Lock()
        smsbox = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                query = {key: values[0] for key, values in
                         parse_qs(urlsplit(self.path).query, keep_blank_values=True).items()}
                with smsbox.lock:
                    if smsbox.down:
                        return self._reply(503, "Service unavailable")
                    if (query.get('username'), query.get('password')) != (KANNEL_USER, KANNEL_PASSWORD):
                        return self._reply(403, "Authorization failed for sendsms")
                    if not query.get('to'):
                        return self._reply(400, "Missing receiver number, rejected")
                    smsbox.requests.append(query)
                    return self._reply(*smsbox.refuse.get(query['to'], (202, "0: Accepted for delivery")))

            def _reply(self, status, text):
                data = text.encode()
                self.send_response(status)
                self.send_header('Content-Type', 'text/html')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = f'http://127.0.0.1:{self.server.server_address[1]}/cgi-bin/sendsms'
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def posted_ids(self):
        """The SMS uuid of each message handed over (in its delivery report URL)."""
        return [urlsplit(query['dlr-url']).path.split('/')[-2] for query in self.requests]

    def numbers(self):
        return [query['to'] for query in self.requests]


class KamSmsCommon(KamServiceRequestCommon):
    """The work-order world (group A with a subsidiary and members, B of
    another manager) with the company sending through Kannel (a loopback
    smsbox)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smsbox = LoopbackSmsbox()
        cls.addClassCleanup(cls.smsbox.stop)
        cls.company.write({
            'kam_kannel_url': cls.smsbox.url,
            'kam_kannel_username': KANNEL_USER,
            'kam_kannel_password': KANNEL_PASSWORD,
            'kam_kannel_dlr_secret': DLR_SECRET,
            'kam_sms_sender': '1065712345',
            'kam_sms_signature': '【华东通信】',
            'kam_sms_batch_size': 2,
            'kam_sms_segment_price': 0.05,
            'kam_sms_provider': 'kannel',
        })
        cls.Send = cls.env['kam.sms.send']
        cls.Line = cls.env['kam.sms.recipient']
        Partner = cls.env['res.partner']
        cls.contact_it = cls._create_contact(cls.group_a, "王建国", phone="+86 138-0571-2001")
        cls.contact_office = cls._create_contact(cls.group_a, "李静", phone="139 0571 2002")
        cls.contact_sub = cls._create_contact(cls.sub_a, "赵磊", phone="13757162003")
        cls.contact_b = cls._create_contact(cls.group_b, "孙悦", phone="15158112004")
        cls.Partner = Partner

    def setUp(self):
        super().setUp()
        smsbox = self.smsbox
        smsbox.requests.clear()
        smsbox.refuse.clear()
        smsbox.down = False

    def _send(self, accounts=None, user=None, audience='contacts', body="{name}，{company}的专线将于周六0-4点升级。", **vals):
        env_user = user or self.user_kam
        return self.Send.with_user(env_user).create(dict({
            'name': "Maintenance notice", 'audience': audience, 'body': body,
            'account_ids': [(6, 0, (accounts or self.group_a).ids)],
        }, **vals))

    def _run_job(self, **kwargs):
        with self._cron_commits() as calls:
            self.Line._cron_kam_sms_send(**kwargs)
        return calls
