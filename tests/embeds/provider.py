"""A real oEmbed provider on loopback: answers GET /oembed?url=… from a
table of answers by address, serves a thumbnail, and counts every request,
so tests can tell exactly when the site asked it something."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests import imagefiles


class OEmbedProvider:
    def __init__(self, port):
        self.answers = {}  # address -> oEmbed dict, or an HTTP status
        self.requests = []  # (path, query) of each request, in order
        self.thumbnail = imagefiles.photo((480, 360))
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                provider.requests.append((parts.path, query))
                if parts.path == "/thumbnail.jpg":
                    return self.answer(200, "image/jpeg", provider.thumbnail)
                answer = provider.answers.get(query.get("url", [""])[0], 404)
                if isinstance(answer, int):
                    return self.answer(answer, "text/plain", b"no")
                self.answer(200, "application/json", json.dumps(answer).encode())

            def answer(self, status, content_type, body):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def oembed_requests(self):
        return [query["url"][0] for path, query in self.requests if path == "/oembed"]
