"""gunicorn settings, all overridable from the environment (see docs/configuration.md).

Every documented way of running the API (make run, the Docker image, scripts/entrypoint) uses this
file. The app itself logs one JSON line per request, so gunicorn's access log is off by default;
gunicorn's own messages are JSON lines on stdout too.
"""

import errno
import multiprocessing
import os
import socket
import sys

import gunicorn.glogging
import gunicorn.http.wsgi
from gunicorn import systemd

# No server version banner: gunicorn sends "Server: gunicorn" (its module constant) otherwise.
gunicorn.http.wsgi.SERVER = "foi-stats"

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(multiprocessing.cpu_count() * 2 + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Each worker listens on a socket of its own (SO_REUSEPORT) and the kernel spreads new connections
# over them. On one shared socket, whichever worker woke first took a burst of new keep-alive
# connections and kept them: a third of wrk's runs (or a proxy's pooled connections) were served by
# one worker of two, at half the req/s (bench/README.md). "off" shares one socket again.
reuse_port = {"on": True, "off": False}.get(os.environ.get("GUNICORN_REUSE_PORT", "on"))
if reuse_port is None:
    sys.exit(f"GUNICORN_REUSE_PORT is {os.environ['GUNICORN_REUSE_PORT']!r}: it must be on or off")
# Recycle workers after this many requests (0 = never), with jitter so they do not restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
# Trust X-Forwarded-* only from these addresses (the reverse proxy or load balancer in front).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None


def on_starting(server):
    """Before any socket is made. Sockets handed over (systemd, fd://) and Unix sockets (which
    refuse SO_REUSEPORT) are shared by the workers as they were. With a socket per worker, another
    process of the same user listening on the same address with SO_REUSEPORT (a second API started
    by mistake) would share its connections silently rather than fail to bind: refuse to start."""
    if not server.cfg.reuse_port:
        return
    handed_over = systemd.listen_fds(unset_environment=False)
    if handed_over or not all(isinstance(address, tuple) for address in server.cfg.address):
        server.cfg.set("reuse_port", False)
        server.log.info(
            "one listening socket shared by the workers: Unix and inherited sockets take no SO_REUSEPORT"
        )
        return
    for address in server.cfg.address:
        refuse_an_address_in_use(server, *address[:2])


def when_ready(server):
    """gunicorn's own "Listening at" line is empty when the workers hold the sockets: say where."""
    if server.cfg.reuse_port:
        server.log.info("Listening at: %s (a socket per worker)", ", ".join(server.cfg.bind))


def refuse_an_address_in_use(server, host: str, port: int) -> None:
    ipv6 = ":" in host  # as gunicorn tells the families apart
    shown = f"[{host}]:{port}" if ipv6 else f"{host}:{port}"
    with socket.socket(socket.AF_INET6 if ipv6 else socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As gunicorn binds: connections left in TIME_WAIT do not count as a listener.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            held = "; another process listens there" if error.errno == errno.EADDRINUSE else ""
            server.log.error("cannot listen on %s: %s%s", shown, error.strerror, held)
            sys.exit(1)


class AccessLogOnlyWhenAsked(gunicorn.glogging.Logger):
    """gunicorn writes an access line whenever logconfig_dict is set (below), which logged each
    request twice; here only GUNICORN_ACCESSLOG turns it on, and otherwise no line is even built."""

    def access(self, resp, req, environ, request_time):
        if self.cfg.accesslog:
            super().access(resp, req, environ, request_time)


logger_class = AccessLogOnlyWhenAsked

# Requests gunicorn refuses get its own bare HTML page, without the app's problem+json, CORS or
# security headers. So its limits sit above anything the app answers itself: the app caps query
# strings at 2,048 bytes (api/http.py) and says so; gunicorn's defaults (4,094-byte request line,
# 8,190-byte header) would refuse first. Ranges: a request line up to 8,190 bytes, or 0 for no limit;
# a header field any size above 0 (0 means gunicorn's 8,190); up to 32,768 header fields.
limit_request_line = int(os.environ.get("GUNICORN_LIMIT_REQUEST_LINE", 8190))
limit_request_field_size = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 16384))
limit_request_fields = int(os.environ.get("GUNICORN_LIMIT_REQUEST_FIELDS", 100))

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "{levelname}{name}{message}",
            "style": "{",
            "timestamp": "time",
            "rename_fields": {"levelname": "level"},
        }
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
if accesslog == "-":  # JSON on stdout like every other line; a file keeps gunicorn's own handler
    logconfig_dict["loggers"]["gunicorn.access"] = {
        "handlers": ["stdout"],
        "level": "INFO",
        "propagate": False,
    }
