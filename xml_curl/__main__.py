"""`python -m xml_curl`: the production server (gunicorn + gevent workers)."""
from vaxel.config import MissingSecret, Settings
from vaxel.logsetup import configure

from .server import serve

if __name__ == "__main__":
    settings = Settings.from_env()
    configure(settings.log_level, settings.log_format)
    try:
        serve(settings)
    except MissingSecret as exc:
        raise SystemExit(f"xml_curl: {exc}") from None
