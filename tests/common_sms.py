import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.addons.key_account_management.models.kam_sms_api import SIGNATURE_HEADER, check_gateway_signature

from .common_service_request import KamServiceRequestCommon

GATEWAY_SECRET = 's3cr3t-for-tests'
GATEWAY_ACCOUNT = 'hd-enterprise'


class LoopbackGateway:
    """A real SMS gateway on 127.0.0.1 (Odoo's tests let loopback requests
    through): it checks the HMAC of each batch, records what it received
    (every id of every batch it accepts, an id received twice twice),
    answers per message, and treats the message id as an idempotency key:
    an id seen again is answered as the first time and not delivered twice."""

    def __init__(self, secret=GATEWAY_SECRET):
        self.secret = secret
        self.requests = []        # [(payload dict, signature ok)]
        self.received = []        # ids of the batches accepted, duplicates included
        self.delivered = []       # ids handed to handsets, in order
        self.answers = {}         # id -> first answer
        self.refuse = {}          # number -> (code, reason)
        self.down = False         # answer 503 to every batch
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                signed = check_gateway_signature(gateway.secret, raw, self.headers.get(SIGNATURE_HEADER))
                payload = json.loads(raw)
                with gateway.lock:
                    gateway.requests.append((payload, signed))
                    if gateway.down or not signed:
                        return self._reply(503 if signed else 401, {'error': 'unavailable'})
                    gateway.received.extend(message['id'] for message in payload['messages'])
                    results = []
                    for message in payload['messages']:
                        if message['id'] not in gateway.answers:
                            refused = gateway.refuse.get(message['number'])
                            if refused:
                                answer = {'id': message['id'], 'state': 'error',
                                          'code': refused[0], 'reason': refused[1]}
                            else:
                                answer = {'id': message['id'], 'state': 'sent'}
                                gateway.delivered.append(message['id'])
                            gateway.answers[message['id']] = answer
                        results.append(gateway.answers[message['id']])
                return self._reply(200, {'results': results})

            def _reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = f'http://127.0.0.1:{self.server.server_address[1]}/sms/send'
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def batches(self):
        return [payload['messages'] for payload, _signed in self.requests]

    def posted_ids(self):
        return [message['id'] for messages in self.batches for message in messages]


class KamSmsCommon(KamServiceRequestCommon):
    """The work-order world (group A with a subsidiary and members, B of
    another manager) with the company sending through a loopback gateway."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gateway = LoopbackGateway()
        cls.addClassCleanup(cls.gateway.stop)
        cls.company.write({
            'kam_sms_gateway_url': cls.gateway.url,
            'kam_sms_gateway_account': GATEWAY_ACCOUNT,
            'kam_sms_gateway_secret': GATEWAY_SECRET,
            'kam_sms_sender': '1065712345',
            'kam_sms_signature': '【华东通信】',
            'kam_sms_batch_size': 2,
            'kam_sms_segment_price': 0.05,
            'kam_sms_provider': 'kam_gateway',
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
        gateway = self.gateway
        gateway.requests.clear()
        gateway.received.clear()
        gateway.delivered.clear()
        gateway.answers.clear()
        gateway.refuse.clear()
        gateway.down = False

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
