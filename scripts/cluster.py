"""`make cluster`: the app as a city runs it for every district, on loopback: PostgreSQL
(scripts/postgres.sh), Redis (scripts/redis.sh), two gunicorn app servers (SPEECHAPP_ROLE=web)
and two render workers (SPEECHAPP_ROLE=worker), each with its own var folder as separate hosts
would have, and Debian's nginx in front balancing the app servers (unprivileged, its config,
pid and logs in the cluster's folder). Prints the URL and a login; Ctrl-C stops everything.

The Cluster class is also what `make load LOAD_TARGET=cluster` (scripts/load.py) and the
slow test tests/web/test_cluster.py start.

    python scripts/cluster.py [--apps 2] [--workers 2] [--port 8080]
"""

from __future__ import annotations

import argparse
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_processes import HOST, BackgroundWorker, Client, Process, Server, free_port  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NGINX = "/usr/sbin/nginx"
CLUSTER_DATABASE = "speechapp_cluster"  # `make cluster`'s own, kept between runs

NGINX_CONF = """\
# The loopback cluster's proxy (scripts/cluster.py); deploy/nginx/speechapp.conf is the real one.
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    client_max_body_size {body_mb}m;
    upstream speechapp {{
{servers}
    }}
    server {{
        listen {host}:{port};
        location / {{
            proxy_pass http://speechapp;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A server gone (kill -9): the request goes to the other one, if it was not sent.
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            proxy_read_timeout {read_s}s;
        }}
    }}
}}
"""


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def script_url(script: str, **env: str) -> str:
    """The URL scripts/postgres.sh or scripts/redis.sh prints (each installs and starts its
    server when needed)."""
    done = subprocess.run(
        ["bash", f"scripts/{script}"], cwd=ROOT, env={**os.environ, **env},
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def postgres_database(name: str, fresh: bool) -> str:
    """The URL of database ``name`` of the local PostgreSQL, made (again, when ``fresh``)."""
    import psycopg

    url = script_url("postgres.sh")
    with psycopg.connect(url, autocommit=True) as conn:
        if fresh:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not found:
            conn.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name


class Nginx(Process):
    """Debian's nginx in the foreground with a config of its own, as an unprivileged user
    (nobody, when started by root)."""

    def __init__(self, folder: Path, upstreams: list[int], port: int, read_s: int, body_mb: int):
        self.port, self.folder = port, folder
        folder.mkdir(parents=True, exist_ok=True)
        servers = "\n".join(
            f"        server {HOST}:{p} max_fails=1 fail_timeout=10s;" for p in upstreams
        )
        conf = folder / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                folder=folder, servers=servers, host=HOST, port=port, read_s=read_s,
                body_mb=body_mb,
            )
        )  # fmt: skip
        argv = [NGINX, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log"),
                "-g", "daemon off;"]  # fmt: skip
        if os.geteuid() == 0:  # never as root: as nobody, who may write only this folder
            nobody = pwd.getpwnam("nobody")
            for path in [folder, *folder.iterdir()]:
                os.chown(path, nobody.pw_uid, nobody.pw_gid)
            for parent in folder.parents:  # the temp folders above it: passable
                if parent == Path(tempfile.gettempdir()):
                    break
                parent.chmod(parent.stat().st_mode | 0o711)
            argv = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}",
                    "--clear-groups", *argv]  # fmt: skip
        super().__init__(argv, ROOT, dict(os.environ), folder / "nginx.out")

    def start(self) -> None:
        super().start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                Client(self.port).request("GET", "/healthz")
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise RuntimeError(f"nginx did not start; see {self.folder}/error.log, nginx.out")


class Cluster:
    """The processes of a loopback cluster over one database and one Redis, in ``folder``:
    ``apps`` app servers (role web) behind nginx and ``workers`` render workers."""

    def __init__(self, folder: Path, database_url: str, *, apps: int = 2, workers: int = 2,
                 port: int | None = None, gunicorn_workers: int = 2, threads: int = 8,
                 nginx: bool = True, redis_port: int | None = None,
                 extra_env: dict[str, str] | None = None):  # fmt: skip
        self.folder = folder
        self.redis_port = redis_port or free_port()
        self.redis_url = script_url(
            "redis.sh", REDIS_PORT=str(self.redis_port), REDIS_DIR=str(folder / "redis")
        )
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "speechapp.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),  # one for all: shared sessions
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
            "DJANGO_BEHIND_PROXY": "1",
            "DATABASE_URL": database_url,
            "SPEECHAPP_CACHE_URL": self.redis_url,
            "SPEECHAPP_SLIM_FONTS_DIR": os.environ.get(
                "SPEECHAPP_SLIM_FONTS_DIR", str(ROOT / "var" / "fonts")
            ),
            **(extra_env or {}),
        }
        manage(self.env_of("setup", "worker"), "migrate", "--noinput")
        self.apps = []
        for n in range(1, apps + 1):
            env = self.env_of(f"app{n}", "web")
            manage(env, "collectstatic", "--noinput")  # each host its own static files
            server = Server(
                ROOT, env, gunicorn_workers, threads, folder / f"app{n}" / "gunicorn.log"
            )
            server.name = f"app{n}"
            self.apps.append(server)
        self.workers = []
        for n in range(1, workers + 1):
            worker = BackgroundWorker(
                ROOT, self.env_of(f"worker{n}", "worker"), folder / f"worker{n}" / "worker.log"
            )
            worker.name = f"worker{n}"
            self.workers.append(worker)
        self.nginx = None
        if nginx:
            read_s = 35  # past gunicorn's 30 s timeout: gunicorn answers first
            self.nginx = Nginx(
                folder / "nginx", [s.port for s in self.apps], port or free_port(), read_s, 4
            )

    def env_of(self, host: str, role: str) -> dict[str, str]:
        var = self.folder / host
        var.mkdir(parents=True, exist_ok=True)
        return {**self.env, "SPEECHAPP_VAR_DIR": str(var), "SPEECHAPP_ROLE": role,
                "SPEECHAPP_SERVER_NAME": host}  # fmt: skip

    @property
    def port(self) -> int:
        return self.nginx.port if self.nginx else self.apps[0].port

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> None:
        for process in [*self.apps, *self.workers]:
            process.start()
        if self.nginx:
            self.nginx.start()

    def stop(self) -> None:
        for process in [self.nginx, *self.apps, *self.workers]:
            if process is not None:
                process.stop()
        subprocess.run(
            ["redis-cli", "-h", HOST, "-p", str(self.redis_port), "shutdown", "nosave"],
            capture_output=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apps", type=int, default=2, help="app servers (role web)")
    parser.add_argument("--workers", type=int, default=2, help="render workers")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8080))
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    folder = Path(tempfile.mkdtemp(prefix="speechapp-cluster-"))
    print(f"cluster: starting PostgreSQL and Redis; hosts' folders in {folder}", flush=True)
    cluster = Cluster(
        folder, postgres_database(CLUSTER_DATABASE, fresh=False), apps=args.apps,
        workers=args.workers, port=args.port,
    )  # fmt: skip
    env = cluster.env_of("setup", "worker")
    manage(env, "load_seed")
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    try:
        cluster.start()
        print(manage(env, "ensure_local_user", "--url", cluster.url).strip(), flush=True)
        print(f"cluster: nginx on {cluster.url} -> " + ", ".join(
            f"{s.name} :{s.port}" for s in cluster.apps
        ) + f"; {len(cluster.workers)} render workers; Redis {cluster.redis_url}; "
            "Ctrl-C stops everything", flush=True)  # fmt: skip
        while not stopping:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        print("cluster: stopping", flush=True)
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
