"""A real HTTP receiver on loopback that checks each delivery's signature.

`answers` is a list of what to do with each request in turn ("ok", "500",
or a number of seconds to wait before answering 200); once it runs out,
every request gets 200.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from webhooks.signing import is_valid


class Receiver:
    def __init__(self, secret, answers=(), port=0):
        self.secret = secret
        self.answers = list(answers)
        self.received = []  # (arrived at, headers, parsed body) of valid ones
        self.refused = 0
        self.arrivals = 0  # requests begun, answered or not
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    receiver.arrivals += 1
                    answer = receiver.answers.pop(0) if receiver.answers else "ok"
                if isinstance(answer, int | float):
                    time.sleep(answer)
                    answer = "ok"
                signed = is_valid(
                    receiver.secret,
                    self.headers["Newsroom-Timestamp"],
                    body,
                    self.headers["Newsroom-Signature"],
                )
                if answer == "ok" and signed:
                    with receiver.lock:
                        receiver.received.append(
                            (time.time(), dict(self.headers), json.loads(body))
                        )
                    self.send_response(204)
                else:
                    receiver.refused += 1
                    self.send_response(500 if signed else 401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks/newsroom"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def events(self):
        with self.lock:
            return [(body["type"], body) for _, _, body in self.received]

    def wait_for(self, count, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.received) >= count:
                return self.events()
            time.sleep(0.05)
        raise AssertionError(f"{len(self.received)} of {count} events arrived")
