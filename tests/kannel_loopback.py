"""A real Kannel on loopback for the tests: ``bearerbox`` with a fake SMSC,
``smsbox`` with its sendsms interface and an sms-service calling Odoo, and
Kannel's ``fakesmsc`` (Debian package ``kannel-extras``) as the SMSC, each
on a free port, in a temporary directory, stopped by ``stop``."""
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from urllib.parse import unquote_to_bytes

FAKESMSC_PATHS = ('/usr/lib/kannel/test/fakesmsc', '/usr/libexec/kannel/test/fakesmsc',
                  '/usr/local/lib/kannel/test/fakesmsc')

CONFIG = """\
group = core
admin-port = {admin_port}
admin-password = {password}
admin-interface = 127.0.0.1
smsbox-port = {smsbox_port}
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
log-file = "{dir}/bearerbox.log"
log-level = 1
dlr-storage = internal

group = smsc
smsc = fake
smsc-id = fake
host = 127.0.0.1
port = {smsc_port}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {smsbox_port}
sendsms-port = {sendsms_port}
sendsms-interface = 127.0.0.1
log-file = "{dir}/smsbox.log"
log-level = 1

group = sendsms-user
username = {username}
password = {password}
max-messages = 10
concatenation = true

group = sms-service
keyword = default
catch-all = true
get-url = "{inbound_url}"
max-messages = 0
"""


class KannelError(Exception):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_port(port, process, logs, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise KannelError(f"{process.args[0]} stopped (exit {process.returncode}): {logs()}")
        with socket.socket() as sock:
            if sock.connect_ex(('127.0.0.1', port)) == 0:
                return
        time.sleep(0.1)
    raise KannelError(f"{process.args[0]} does not listen on port {port}: {logs()}")


def decode_fakesmsc(line):
    """``(sender, receiver, udh bytes or None, text)`` of a line fakesmsc
    printed for a message it got: ``from to ucs-2 <url-encoded UTF-16>``,
    ``from to text <text>`` or ``from to udh <udh> data <url-encoded bytes>``
    (a part of a concatenated UCS-2 message)."""
    sender, receiver, kind, rest = line.split(' ', 3)
    if kind == 'udh':
        udh, _data, payload = rest.split(' ', 2)
        return sender, receiver, unquote_to_bytes(udh), _bytes(payload).decode('utf-16-be')
    if kind == 'ucs-2':
        return sender, receiver, None, _bytes(rest).decode('utf-16-be')
    return sender, receiver, None, _bytes(rest).decode('latin-1')


def _bytes(encoded):
    """fakesmsc's url-encoding: %XX, and + for a space."""
    return unquote_to_bytes(encoded.replace('+', ' '))


class KannelLoopback:

    def __init__(self, username, password, inbound_url):
        self.username, self.password, self.inbound_url = username, password, inbound_url
        self.processes = []
        self.dir = None
        self.fakesmsc = None
        self.fakesmsc_out = None

    @property
    def sendsms_url(self):
        return f'http://127.0.0.1:{self.sendsms_port}/cgi-bin/sendsms'

    def _programs(self):
        bearerbox, smsbox = shutil.which('bearerbox'), shutil.which('smsbox')
        if not bearerbox and os.path.exists('/usr/sbin/bearerbox'):
            bearerbox, smsbox = '/usr/sbin/bearerbox', '/usr/sbin/smsbox'
        fakesmsc = next((path for path in FAKESMSC_PATHS if os.access(path, os.X_OK)), None) \
            or shutil.which('fakesmsc')
        if not (bearerbox and smsbox and fakesmsc):
            raise KannelError("Kannel is not installed (Debian packages kannel and kannel-extras: "
                              "bearerbox, smsbox, fakesmsc); scripts/test.sh installs them.")
        return bearerbox, smsbox, fakesmsc

    def _log(self, name):
        path = os.path.join(self.dir, name)
        if not os.path.exists(path):
            return ''
        with open(path, encoding='utf-8', errors='replace') as log:
            return log.read()[-2000:]

    def _spawn(self, args, output):
        out = open(os.path.join(self.dir, output), 'wb')  # noqa: SIM115 -- closed in stop()
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=self.dir,
                                   start_new_session=True)
        process.out = out
        self.processes.append(process)
        return process

    def start(self):
        bearerbox, smsbox, self.fakesmsc_bin = self._programs()
        self.dir = tempfile.mkdtemp(prefix='kam-kannel-')
        self.admin_port, self.smsbox_port, self.smsc_port, self.sendsms_port = (
            free_port() for _i in range(4))
        config = os.path.join(self.dir, 'kannel.conf')
        with open(config, 'w', encoding='utf-8') as conf:
            conf.write(CONFIG.format(
                dir=self.dir, admin_port=self.admin_port, smsbox_port=self.smsbox_port,
                smsc_port=self.smsc_port, sendsms_port=self.sendsms_port,
                username=self.username, password=self.password, inbound_url=self.inbound_url))
        process = self._spawn([bearerbox, config], 'bearerbox.out')
        wait_port(self.smsc_port, process, lambda: self._log('bearerbox.out'))
        wait_port(self.smsbox_port, process, lambda: self._log('bearerbox.out'))
        process = self._spawn([smsbox, config], 'smsbox.out')
        wait_port(self.sendsms_port, process, lambda: self._log('smsbox.out'))
        self.fakesmsc = self._fakesmsc('fakesmsc-1.out', 0, 'nobody nobody text nothing')

    def _fakesmsc(self, output, count, *messages):
        """fakesmsc connected to the fake SMSC: sends ``count`` of
        ``messages`` (lines "sender receiver text words") as messages from
        handsets and prints the messages it gets."""
        self.fakesmsc_out = output
        process = self._spawn([self.fakesmsc_bin, '-H', '127.0.0.1', '-r', str(self.smsc_port),
                               '-i', '0', '-m', str(count), *messages], output)
        deadline = time.monotonic() + 10
        while 'fakesmsc starting' not in self._log(output):
            if process.poll() is not None or time.monotonic() > deadline:
                raise KannelError(f"fakesmsc did not start: {self._log(output)}")
            time.sleep(0.1)
        return process

    def received(self):
        """The messages the fake SMSC got, decoded (see ``decode_fakesmsc``)."""
        return [decode_fakesmsc(line.split('Got message ', 1)[1].split(': <', 1)[1].rstrip('>'))
                for line in self._log_full(self.fakesmsc_out).splitlines() if 'Got message ' in line]

    def _log_full(self, name):
        with open(os.path.join(self.dir, name), encoding='utf-8', errors='replace') as log:
            return log.read()

    def send_from_handset(self, sender, receiver, text):
        """A handset's message into Kannel: fakesmsc is restarted to send it
        (it sends what its command line gives it)."""
        self._stop(self.fakesmsc)
        self.fakesmsc = self._fakesmsc('fakesmsc-2.out', 1, f'{sender} {receiver} text {text}')

    def _stop(self, process):
        if process.poll() is None:
            # gone already: nothing to stop
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        process.out.close()

    def stop(self):
        """Stop fakesmsc, smsbox and bearerbox (in that order) and remove
        the directory."""
        for process in reversed(self.processes):
            self._stop(process)
        self.processes = []
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
