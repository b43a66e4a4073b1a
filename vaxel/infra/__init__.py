"""Infrastructure: the parts of the shared package that run threads, open sockets, use
gevent, make HTTP requests or start processes (the LISTEN thread behind the caches,
outbound HTTP, psycopg2 under gevent, the embedded PostgreSQL).

The domain packages keep the rules and may call into here to carry them out; only this
package imports the low-level libraries (an import-linter contract in pyproject.toml,
checked by tests/test_layers.py)."""
