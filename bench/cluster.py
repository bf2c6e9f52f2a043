"""Newsroom past one machine, on loopback: PostgreSQL with a streaming replica,
Redis, two gunicorn app servers and a background worker, nginx in front of the
servers and Varnish in front of nginx, all started here, checked with a
scenario, and stopped by process id.

    python -m bench.cluster [--quick]

Installs nginx and Varnish with apt-get when they are missing. Prints one line
per check and exits non-zero if any fails.
"""

import argparse
import http.client
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from bench.loadtest import ChangeForm

PROJECT = Path(__file__).resolve().parent.parent
DEPLOY = PROJECT / "deploy"
PYTHON = sys.executable
PG_BIN = Path("/usr/lib/postgresql/15/bin")
EDITOR_PASSWORD = "cluster-Pa55word!"
APP_UNIT = DEPLOY / "newsroom@.service"
WORKER_UNIT = DEPLOY / "newsroom-worker@.service"
INSTALL_DIR = "/srv/newsroom"
WORKER_LEASE_SECONDS = 3


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(*command, env=None, as_postgres=False):
    if as_postgres:
        command = ("runuser", "-u", "postgres", "--", *command)
    result = subprocess.run(
        [str(part) for part in command],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        raise RuntimeError(f"{command[0]} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def wait_until_up(port, path="/", attempts=150):
    for _ in range(attempts):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


class Browser:
    """An HTTP client with cookies, pointed at one port at a time."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, body=None, content_type=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{port}/"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response, content

    def get(self, port, path):
        return self.request(port, "GET", path)

    def post(self, port, path, fields):
        body = urllib.parse.urlencode(fields, doseq=True)
        return self.request(
            port, "POST", path, body, "application/x-www-form-urlencoded"
        )

    def sign_in(self, port, password=EDITOR_PASSWORD, username="editor"):
        self.get(port, "/admin/login/")
        response, _ = self.post(
            port,
            "/admin/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
                "next": "/admin/",
            },
        )
        return response.status


class Cluster:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.processes = {}
        self.ports = {
            name: free_port()
            for name in ("primary", "replica", "redis", "app_a", "app_b", "nginx")
        }
        self.ports["varnish"] = free_port()
        self.media = workdir / "media"
        self.pg_dir = workdir / "postgres"
        self.env = os.environ | {
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_REQUEST_LOG_LEVEL": "WARNING",
            "DJANGO_MEDIA_ROOT": str(self.media),
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
            "GUNICORN_FORWARDED_ALLOW_IPS": "127.0.0.1",
            "WEB_CONCURRENCY": "2",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.ports['primary']}/postgres",
            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{self.ports['replica']}/postgres",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            # Edits ban the pages they change on Varnish at once.
            "NEWSROOM_CDN_PURGE_BACKEND": "operations.cdn.varnish",
            "NEWSROOM_VARNISH_URLS": f"http://127.0.0.1:{self.ports['varnish']}",
            # A killed worker is missed within seconds (check_worker_is_watched).
            "NEWSROOM_WORKER_HEARTBEAT_SECONDS": "0.5",
            "NEWSROOM_WORKER_LEASE_SECONDS": str(WORKER_LEASE_SECONDS),
            # Its scripted editors sign in by password; the second factor is
            # tested in tests/newsroom/test_two_factor.py.
            "DJANGO_STAFF_2FA": "0",
        }
        self.env.pop("DJANGO_DEBUG", None)

    # Starting -------------------------------------------------------------

    def start(self):
        self.start_postgres()
        self.spawn(
            "redis",
            [
                "redis-server",
                "--port",
                self.ports["redis"],
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        self.prepare()
        for name in ("app_a", "app_b"):
            self.start_app(name)
        command, unit_env = service_command(WORKER_UNIT, "1")
        self.spawn("worker", command, env=self.env | unit_env)
        self.start_nginx()
        self.start_varnish()

    def spawn(self, name, command, **kwargs):
        log = open(self.workdir / f"{name}.log", "w")
        self.processes[name] = subprocess.Popen(
            [str(part) for part in command],
            cwd=PROJECT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )

    def start_postgres(self):
        # PostgreSQL runs as postgres; the rest (Varnish's workers included)
        # must still reach the work directory.
        self.workdir.chmod(0o755)
        self.pg_dir.mkdir()
        shutil.chown(self.pg_dir, "postgres")
        primary, replica = self.pg_dir / "primary", self.pg_dir / "replica"
        run(
            PG_BIN / "initdb",
            "-D",
            primary,
            "-U",
            "postgres",
            "--auth=trust",
            as_postgres=True,
        )
        self.pg_start(primary, self.ports["primary"])
        run(
            PG_BIN / "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            self.ports["primary"],
            "-U",
            "postgres",
            "-D",
            replica,
            "-R",
            as_postgres=True,
        )
        self.pg_start(replica, self.ports["replica"])

    def pg_start(self, data, port):
        options = f"-p {port} -k {self.pg_dir} -c listen_addresses=127.0.0.1"
        run(
            PG_BIN / "pg_ctl",
            "-D",
            data,
            "-o",
            options,
            "-l",
            f"{data}.log",
            "-w",
            "start",
            as_postgres=True,
        )

    def prepare(self):
        manage = [PYTHON, "manage.py"]
        run(*manage, "migrate", "--noinput", "-v0", env=self.env)
        run(*manage, "collectstatic", "--noinput", "-v0", env=self.env)
        run(*manage, "loaddemo", "-v0", env=self.env)
        run(
            *manage,
            "shell",
            "-v0",
            "-c",
            "from django.contrib.auth.models import User; "
            f"User.objects.create_superuser('editor', password={EDITOR_PASSWORD!r})",
            env=self.env,
        )

    def start_app(self, name):
        command, unit_env = service_command(APP_UNIT, self.ports[name])
        self.spawn(name, command, env=self.env | unit_env)
        wait_until_up(self.ports[name], "/healthz")

    def render(self, template, target, **values):
        text = string.Template((DEPLOY / template).read_text()).safe_substitute(values)
        (self.workdir / target).write_text(text)
        return self.workdir / target

    def start_nginx(self):
        site = self.render(
            "nginx.conf.template",
            "site.conf",
            listen=f"127.0.0.1:{self.ports['nginx']}",
            upstream_servers="\n".join(
                f"    server 127.0.0.1:{self.ports[app]} max_fails=1 fail_timeout=10s;"
                for app in ("app_a", "app_b")
            ),
            static_root=PROJECT / "staticfiles",
            media_root=self.media,
        )
        temp = self.workdir / "nginx-temp"
        temp.mkdir()
        main = self.workdir / "nginx.conf"
        main.write_text(
            f"worker_processes 1;\npid {self.workdir / 'nginx.pid'};\n"
            f"error_log {self.workdir / 'nginx-error.log'};\n"
            "events { worker_connections 512; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
            f"  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
            f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n"
            f"  scgi_temp_path {temp}/scgi;\n  include {site};\n}}\n"
        )
        self.spawn("nginx", ["nginx", "-c", main, "-g", "daemon off;"])
        wait_until_up(self.ports["nginx"], "/healthz")

    def start_varnish(self):
        vcl = self.render(
            "varnish.vcl.template", "varnish.vcl", nginx_port=self.ports["nginx"]
        )
        self.spawn(
            "varnish",
            [
                "varnishd",
                "-F",
                "-a",
                f"127.0.0.1:{self.ports['varnish']}",
                "-f",
                vcl,
                "-n",
                self.workdir / "varnish",
                "-s",
                "malloc,64m",
            ],
        )
        wait_until_up(self.ports["varnish"], "/healthz")

    # Stopping -------------------------------------------------------------

    def kill(self, name, sig=signal.SIGKILL):
        process = self.processes.pop(name)
        os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def stop(self):
        for name in list(self.processes):
            try:
                self.kill(name, signal.SIGTERM)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        for data in ("replica", "primary"):
            if (self.pg_dir / data).exists():
                subprocess.run(
                    [
                        "runuser",
                        "-u",
                        "postgres",
                        "--",
                        str(PG_BIN / "pg_ctl"),
                        "-D",
                        str(self.pg_dir / data),
                        "-m",
                        "immediate",
                        "stop",
                    ],
                    capture_output=True,
                )


def service_command(unit, instance):
    """The command and environment a systemd unit in deploy/ starts its
    `instance` with, run from this checkout and its virtualenv instead of the
    unit's install directory."""
    text = (
        unit.read_text()
        .replace("%i", str(instance))
        .replace("%l", socket.gethostname().split(".")[0])
    )
    lines = dict(re.findall(r"^(ExecStart|Environment)=(.*)$", text, re.MULTILINE))
    program, *arguments = lines["ExecStart"].split()
    assert program == f"{INSTALL_DIR}/.venv/bin/python", program
    if "Environment" not in lines:
        return [PYTHON, *arguments], {}
    name, _, value = lines["Environment"].partition("=")
    return [PYTHON, *arguments], {name: value}


ARTICLE = (
    "/news/record-seizures-arrests-after-operation-targets-internet-opioid-trafficking/"
)


def change_form(browser, port, path):
    """The admin change form's fields, as a browser would submit them."""
    _, content = browser.get(port, path)
    form = ChangeForm()
    form.feed(content.decode())
    return form.fields


def check_sessions_are_shared(cluster, report):
    browser = Browser()
    signed_in = browser.sign_in(cluster.ports["app_a"]) == 302
    response, _ = browser.get(cluster.ports["app_b"], "/admin/")
    report(
        "a sign-in on app server A is valid on B", signed_in and response.status == 200
    )
    return browser


def check_edit_is_visible_everywhere(cluster, browser, report):
    path = "/admin/articles/article/"
    _, listing = browser.get(cluster.ports["app_a"], path)
    article_id = re.search(
        rb'href="/admin/articles/article/(\d+)/change/[^"]*">Record Seizures', listing
    )[1].decode()
    change = f"{path}{article_id}/change/"
    fields = [
        (name, "Record Seizures, Arrests (Cluster Edit)" if name == "title" else value)
        for name, value in change_form(browser, cluster.ports["app_a"], change)
    ]
    # Warm every cache on the way first, so a stale copy would show.
    for port in (cluster.ports["nginx"], cluster.ports["varnish"]):
        browser_anonymous = Browser()
        browser_anonymous.get(port, ARTICLE)
    response, _ = browser.post(cluster.ports["app_a"], change, fields)
    saved = response.status == 302
    seen = {}
    for name in ("app_b", "nginx", "varnish"):
        _, page = Browser().get(cluster.ports[name], ARTICLE)
        seen[name] = b"(Cluster Edit)" in page
    report(
        "an edit saved through A shows at once through "
        + ", ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in seen.items()),
        saved and all(seen.values()),
    )


def check_login_throttle_spans_servers(cluster, report):
    attacker = Browser()
    for port in [cluster.ports["app_a"]] * 3 + [cluster.ports["app_b"]] * 2:
        attacker.sign_in(port, password="wrong")
    locked = [attacker.sign_in(cluster.ports[app]) for app in ("app_a", "app_b")]
    report(
        "5 failed sign-ins split over A and B lock the editor out of both",
        locked == [429, 429],
    )
    run(PYTHON, "manage.py", "axes_reset_username", "editor", env=cluster.env)


def check_upload_is_served_by_nginx(cluster, browser, report):
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 90, 150)).save(image, "JPEG")
    boundary = secrets.token_hex(8)
    parts = []
    browser.get(cluster.ports["app_a"], "/admin/images/image/add/")
    fields = {
        "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        "alt_text": "A blue square",
        "caption": "",
        "credit": "Cluster",
    }
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        'filename="blue.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
        + image.getvalue()
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    response, _ = browser.request(
        cluster.ports["app_a"],
        "POST",
        "/admin/images/image/add/",
        b"".join(parts),
        f"multipart/form-data; boundary={boundary}",
    )
    stored = sorted(cluster.media.rglob("*.webp"))
    served = False
    if stored:
        url = "/media/" + str(stored[0].relative_to(cluster.media))
        answer, _ = Browser().get(cluster.ports["nginx"], url)
        served = (
            answer.status == 200
            and answer.getheader("X-Content-Type-Options") == "nosniff"
        )
    report(
        "a photo uploaded through A is served by nginx from shared media",
        response.status == 302 and served,
    )


def readiness(port):
    response, content = Browser().get(port, "/readyz")
    return response.status, json.loads(content)


def check_worker_is_watched(cluster, report):
    """The worker's heartbeat reaches every app server's /readyz; killed, it
    is reported there once its lease has run out."""
    before = readiness(cluster.ports["nginx"])
    cluster.kill("worker")
    time.sleep(WORKER_LEASE_SECONDS + 1)
    after = [readiness(cluster.ports[app]) for app in ("app_a", "app_b")]
    report(
        "the worker shows in /readyz; killed, both app servers report it",
        before[0] == 200
        and before[1]["checks"]["worker"]
        and all(
            status == 503 and "worker" in body["problems"] for status, body in after
        ),
    )


def check_slow_clients_are_held_by_nginx(cluster, report, clients=16):
    """Clients that send a POST's headers and then nothing of its body, and
    clients that never finish their headers, wait on nginx (which buffers
    a request before passing it on) and never hold an app server's thread:
    readers keep getting pages."""
    slow = []
    for n in range(clients):
        sock = socket.create_connection(("127.0.0.1", cluster.ports["nginx"]))
        if n % 2:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        else:
            sock.sendall(
                b"POST /search/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: 100000\r\n\r\n"
            )
        slow.append(sock)
    try:
        time.sleep(1)
        started = time.monotonic()
        statuses = [
            Browser().get(cluster.ports["nginx"], "/")[0].status for _ in range(10)
        ]
        took = time.monotonic() - started
    finally:
        for sock in slow:
            sock.close()
    report(
        f"{clients} slow clients held by nginx: 10 reads of / in {took:.1f} s, "
        f"{sum(status != 200 for status in statuses)} failed",
        statuses == [200] * 10 and took < 10,
    )


def check_failover(cluster, report, seconds):
    """Readers through nginx while app server A is killed."""
    outcomes = []
    stop = time.monotonic() + seconds

    def read():
        while time.monotonic() < stop:
            try:
                response, _ = Browser().get(cluster.ports["nginx"], ARTICLE)
                outcomes.append(response.status)
            except OSError:
                outcomes.append(0)

    readers = [threading.Thread(target=read) for _ in range(8)]
    for reader in readers:
        reader.start()
    time.sleep(seconds / 3)
    cluster.kill("app_a")
    for reader in readers:
        reader.join()
    failed = sum(status != 200 for status in outcomes)
    report(
        f"app server A killed under read load: {len(outcomes)} reads, {failed} failed",
        failed == 0,
    )


def install_missing_tools():
    missing = [tool for tool in ("nginx", "varnishd", "wrk") if not shutil.which(tool)]
    if missing:
        packages = {"nginx": "nginx", "varnishd": "varnish", "wrk": "wrk"}
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *(packages[t] for t in missing)],
            check=True,
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short load phases")
    options = parser.parse_args()
    install_missing_tools()
    failures = []

    def report(what, ok):
        print(f"{'ok  ' if ok else 'FAIL'} {what}", flush=True)
        if not ok:
            failures.append(what)

    workdir = Path(tempfile.mkdtemp(prefix="newsroom-cluster-"))
    cluster = Cluster(workdir)
    try:
        cluster.start()
        print(
            f"Cluster up in {workdir}: "
            + ", ".join(f"{name} :{port}" for name, port in cluster.ports.items())
        )
        editor = check_sessions_are_shared(cluster, report)
        check_edit_is_visible_everywhere(cluster, editor, report)
        check_login_throttle_spans_servers(cluster, report)
        check_upload_is_served_by_nginx(cluster, editor, report)
        check_worker_is_watched(cluster, report)
        check_slow_clients_are_held_by_nginx(cluster, report)
        check_failover(cluster, report, seconds=6 if options.quick else 15)
    finally:
        cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    print("Cluster scenario passed." if not failures else "Cluster scenario FAILED.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
