"""gunicorn settings: `gunicorn newsroom.wsgi` reads this file from the project root.

Every value can be overridden from the environment (GUNICORN_CMD_ARGS or the
variables below), so one file serves a laptop, a VM and a container.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Two workers a core is the usual starting point for a mostly-I/O Django site.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
# Sync workers (one thread each) behind nginx, which buffers slow clients: a
# worker takes a new connection only when it is free, so connections are
# spread over all workers. A gthread worker (GUNICORN_THREADS > 1) keeps each
# keep-alive connection it accepted, and all of a client's (nginx's upstream
# pool, wrk's) could land on one worker, halving the throughput
# (docs/performance.md).
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request slower than this is stuck: kill it rather than let it pile up.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# For gthread workers only: sync workers close each connection after its reply.
keepalive = 5
# Recycle workers now and then so a slow leak can never take a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Only the proxy in front may tell us the client's scheme and address.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Django logs one JSON line per request itself (operations.request_log).
accesslog = None
errorlog = "-"
