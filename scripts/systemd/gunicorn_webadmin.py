"""gunicorn settings for the portal (`gunicorn -c scripts/systemd/gunicorn_webadmin.py
"webadmin:create_app()"`). The listen address comes from VAXEL_WEBADMIN_LISTEN."""
import os

bind = os.environ.get("VAXEL_WEBADMIN_LISTEN", "127.0.0.1:8080")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
# Each open app's push stream (/app/events: the board and chat, one per tab) holds a thread while open: size
# workers × threads for the employees' open apps plus the portal's own requests.
threads = 64
timeout = 30
graceful_timeout = 10
keepalive = 2
# Behind the TLS proxy on the same host only: trust its X-Forwarded-* headers.
forwarded_allow_ips = "127.0.0.1"
accesslog = None  # the proxy logs requests; the app logs JSON lines (vaxel.logsetup)
proc_name = "vaxel-webadmin"


def on_starting(server):
    from vaxel.config import Settings
    from vaxel.logsetup import configure
    settings = Settings.from_env()
    configure(settings.log_level, settings.log_format)
