"""Wait until a multi-worker Odoo answers: its HTTP workers on /web/health
and its gevent process on /websocket (the bus behind Discuss, live chatter
and notifications), where a ping must come back as a pong with the same
payload. Usage: websocket_probe.py HTTP_PORT GEVENT_PORT SECONDS LOG

Exits 0 when both answered within SECONDS, 1 otherwise (the last error is
printed); stops waiting as soon as the server's LOG shows a traceback (a
process that crashes is restarted and crashes again: no use waiting)."""
import sys
import time
import urllib.request

import websocket

PAYLOAD = b"kam-workers-check"


def http_answers(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/web/health", timeout=10) as response:
        return response.status == 200


def websocket_answers(port):
    origin = f"http://127.0.0.1:{port}"
    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/websocket", timeout=10, origin=origin)
    try:
        ws.ping(PAYLOAD)
        while True:
            opcode, frame = ws.recv_data_frame(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_PONG:
                return frame.data == PAYLOAD
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                return False
    finally:
        ws.close()


def crashed(log):
    with open(log, encoding='utf-8', errors='replace') as handle:
        return any(line.startswith('Traceback') for line in handle)


def main(http_port, gevent_port, seconds, log):
    start = time.monotonic()
    deadline = start + seconds
    error = "no answer yet"
    http_ok = False
    while time.monotonic() < deadline:
        if crashed(log):
            error = f"a traceback in {log}"
            break
        try:
            http_ok = http_ok or http_answers(http_port)
            if http_ok and websocket_answers(gevent_port):
                return 0
            error = "the websocket did not answer the ping with its payload"
        except (OSError, websocket.WebSocketException) as exc:
            error = f"{type(exc).__name__}: {exc}"
        time.sleep(1)
    where = f"/websocket on port {gevent_port}" if http_ok else f"/web/health on port {http_port}"
    print(f"no answer from {where} after {time.monotonic() - start:.0f}s ({error})")
    return 1


if __name__ == '__main__':
    sys.exit(main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]))
