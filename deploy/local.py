"""deploy/nginx.conf run on this machine, on loopback, in front of an API already serving: what
the proxy test (tests/api/test_proxy.py) and the benchmark (bench/run.py) run, and a way to try
the production topology by hand:

    make run                                  # the API on 127.0.0.1:8000
    .venv/bin/python deploy/local.py 8080     # nginx on 127.0.0.1:8080 in front of it

The site file is used as shipped; only what is machine-specific is replaced: the address nginx
listens on, the API's address, and where the cache and the access log go (under a work
directory). The nginx process itself (its main configuration, written here) runs in the
foreground as the user who starts it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

SITE = Path(__file__).resolve().with_name("nginx.conf")
# Each of these occurs once in the shipped site file; render() fails if one does not.
LISTEN = "listen 80;"
UPSTREAM = "server 127.0.0.1:8000;"
CACHE_DIR = "/var/cache/nginx-foi-stats"
ACCESS_LOG = "/var/log/nginx/foi-stats.access.log"


def nginx_binary() -> str | None:
    """Debian's nginx, found where Debian puts it even when /usr/sbin is not on PATH."""
    return shutil.which("nginx", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))


def render(site: str, listen: str, upstream: str, work: Path) -> str:
    """The shipped site file, listening on `listen` (host:port) and proxying to `upstream`."""
    for text, replacement in [
        (LISTEN, f"listen {listen};"),
        (UPSTREAM, f"server {upstream};"),
        (CACHE_DIR, str(work / "cache")),
        (ACCESS_LOG, str(work / "access.log")),
    ]:
        if site.count(text) != 1:
            raise ValueError(f"{SITE.name}: expected {text!r} exactly once")
        site = site.replace(text, replacement)
    return site


def main_config(work: Path, http: str, workers: int = 2) -> str:
    """A whole nginx configuration around `http` (the inside of its http block), with every file
    it writes under `work`, as Debian's own nginx.conf sets the http block up (MIME types,
    sendfile) but with no access log unless the site has one."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # else workers run as nobody: no access to work
    temp = "\n".join(
        f"{kind}_temp_path {work / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes {workers};\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'};\n"
        "daemon off;\nevents { worker_connections 1024; }\n"
        f"http {{\ninclude /etc/nginx/mime.types;\ndefault_type application/octet-stream;\n"
        f"access_log off;\n{temp}\n{http}\n}}\n"
    )


def write_proxy_config(work: Path, listen: str, upstream: str) -> Path:
    """deploy/nginx.conf rendered for this machine inside a whole configuration: its path."""
    work.mkdir(parents=True, exist_ok=True)
    conf = work / "nginx.conf"
    conf.write_text(main_config(work, render(SITE.read_text(encoding="utf-8"), listen, upstream, work)))
    return conf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("port", type=int, help="the port nginx listens on, on 127.0.0.1")
    parser.add_argument("--upstream", default="127.0.0.1:8000", help="the API's address (host:port)")
    parser.add_argument("--work", type=Path, default=Path("var/nginx"), help="cache, logs and pid file")
    args = parser.parse_args()
    nginx = nginx_binary()
    if nginx is None:
        sys.exit("deploy/local.py: nginx is not installed (Debian: apt-get install nginx)")
    conf = write_proxy_config(args.work.resolve(), f"127.0.0.1:{args.port}", args.upstream)
    print(f"nginx on http://127.0.0.1:{args.port}/ in front of http://{args.upstream}/ ({conf})", flush=True)
    os.execv(nginx, [nginx, "-c", str(conf)])


if __name__ == "__main__":
    main()
