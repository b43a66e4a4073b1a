"""`python -m xml_curl`: the production server (gunicorn + gevent workers)."""
import logging

from vaxel.config import Settings

from .server import serve

if __name__ == "__main__":
    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    serve(settings)
