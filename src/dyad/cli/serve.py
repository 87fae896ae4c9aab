"""`dyad serve`: the REST API and dashboard over the event store (a thin wrapper over dyad.web).

    dyad serve --db news.db [--host 127.0.0.1] [--port 8000] [--token T] [--protect-read]

Reading is open; `POST /api/articles` needs a token (`--token` or the DYAD_TOKEN environment
variable) sent as `Authorization: Bearer T`; `--protect-read` makes the read API need it too.
"""

from __future__ import annotations

import argparse
import os
import sys

from dyad.cli.ingest import add_db
from dyad.store import StoreError, open_store


def register(commands) -> None:
    cmd = commands.add_parser(
        "serve",
        help="serve the REST API and the dashboard over the store",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_db(cmd)
    cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    cmd.add_argument("--port", type=int, default=8000, help="port (8000)")
    cmd.add_argument("--token", help="token for POST /api/articles (default: $DYAD_TOKEN; none: writes disabled)")
    cmd.add_argument("--protect-read", action="store_true", help="the read API needs the token too")
    cmd.set_defaults(run=run)


def run(args) -> int:
    token = args.token or os.environ.get("DYAD_TOKEN") or None
    if args.protect_read and not token:
        print("dyad serve: --protect-read needs --token or DYAD_TOKEN", file=sys.stderr)
        return 2
    try:
        store = open_store(args.db, create=bool(token))
    except StoreError as error:
        print(f"dyad: {error}", file=sys.stderr)
        return 2
    import uvicorn

    from dyad.web.app import create_app

    app = create_app(store, token=token, protect_read=args.protect_read)
    print(
        f"dyad: serving {store.name} on http://{args.host}:{args.port}/ "
        f"(writes {'need the token' if token else 'disabled'})",
        file=sys.stderr,
    )
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    finally:
        store.close()
    return 0
