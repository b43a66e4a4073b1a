"""A company's own web site for the widget's browser tests: another origin (a second HTTP
server on its own port) whose page carries the one <script> tag, and CSS that would wreck
the widget if it could reach into it."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

HOSTILE_CSS = ("section, p, li, h2, h3, button, label, input { color: #ff0000 !important; "
               "font-size: 40px !important; background: #ff0000 !important; }")


def page_html(portal: str, key: str, lang: str | None = None) -> str:
    lang_attr = f' data-lang="{escape(lang)}"' if lang else ""
    return (f"<!doctype html><html><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width'><style>{HOSTILE_CSS}</style>"
            f"</head><body><h1>Acme's own site</h1>"
            f"<script src='{escape(portal)}/static/widget/widget.js' data-key='{escape(key)}' "
            f"data-api='{escape(portal)}/widget/v1'{lang_attr} async></script></body></html>")


@contextmanager
def company_site(portal: str, key: str, lang: str | None = None) -> Iterator[str]:
    """Serve the page at http://127.0.0.1:<its own port>/ ; yields that origin."""
    body = page_html(portal, key, lang).encode()

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=5)
