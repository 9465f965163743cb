"""One web process or two behind nginx: the same pages' requests per second (docs/scaling.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bhxh_pages_bench .venv/bin/python bench/web_processes.py

Run bench/pages.py once before (it creates and seeds that database); this script reuses it as it is. Needs
Debian's `wrk` and `nginx` (apt-get install wrk nginx-light). It measures, with `wrk -c8` from another process
on loopback, the public calculator and the signed-in citizen's contributions page, served:

1. by one gunicorn process with W workers, directly;
2. by the same, behind nginx (keep-alive to the upstream);
3. by two gunicorn processes of W/2 workers each, behind nginx, round robin (what two web machines behind a
   proxy look like, on one machine).

On one machine the processes share the same cores, so (3) can only show that splitting the workers over
processes costs nothing and that nginx's share is small; the gain of a second machine is not measurable here.
Options: --seconds S (default 10), --workers W (default 2, even), --port P (first of four ports, default 8770).
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bhxh_portal.settings")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")

from pages import fetch, sessions, wrk  # noqa: E402 - bench/pages.py, next to this file
from seed import bench_database_url  # noqa: E402

NGINX = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}; proxy_temp_path {folder}; fastcgi_temp_path {folder};
    uwsgi_temp_path {folder}; scgi_temp_path {folder};
    upstream app {{ {servers} keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
        }}
    }}
}}
"""


def gunicorn(port: int, workers: int, env: dict) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bhxh_portal.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(f"http://127.0.0.1:{port}")
    return process


def wait_for(base: str) -> None:
    for _ in range(150):
        try:
            fetch(base, "/healthz", None)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{base} did not answer")


def nginx(port: int, upstreams: list[int], folder: Path) -> subprocess.Popen:
    servers = " ".join(f"server 127.0.0.1:{p};" for p in upstreams)
    config = folder / "nginx.conf"
    config.write_text(NGINX.format(folder=folder, servers=servers, port=port))
    process = subprocess.Popen(["nginx", "-c", str(config), "-g", "daemon off;"], start_new_session=True)
    wait_for(f"http://127.0.0.1:{port}")
    return process


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8770)
    args = parser.parse_args()
    if args.workers < 2 or args.workers % 2:
        sys.exit("--workers must be even: the two processes get half each")
    bench_database_url()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cookie = sessions()["citizen"]
    pages = [("calculator", "/calculator/", None), ("contributions (signed in)", "/contributions/", cookie)]
    p = args.port
    folder = Path(tempfile.mkdtemp(prefix="bhxh-nginx-"))
    setups = [
        (f"1 process x {args.workers} workers, direct", [(p, args.workers)], None),
        (f"1 process x {args.workers} workers, nginx", [(p, args.workers)], p + 3),
        (
            f"2 processes x {args.workers // 2} workers, nginx",
            [(p + 1, args.workers // 2), (p + 2, args.workers // 2)],
            p + 3,
        ),
    ]
    print(f"wrk -c8, {args.seconds} s a measurement; requests per second")
    print(f"{'setup':<36} " + " ".join(f"{name:>26}" for name, _, _ in pages))
    for label, upstreams, proxy in setups:
        processes = [gunicorn(port, workers, env) for port, workers in upstreams]
        try:
            if proxy is not None:
                processes.append(nginx(proxy, [port for port, _ in upstreams], folder))
            base = f"http://127.0.0.1:{proxy or upstreams[0][0]}"
            for _, path, page_cookie in pages:
                fetch(base, path, page_cookie)
                wrk(base, path, page_cookie, 2, 8)  # warm up every worker
            rates = [wrk(base, path, page_cookie, args.seconds, 8) for _, path, page_cookie in pages]
        finally:
            stop(processes)
        print(f"{label:<36} " + " ".join(f"{rate:>26.0f}" for rate in rates))


if __name__ == "__main__":
    main()
