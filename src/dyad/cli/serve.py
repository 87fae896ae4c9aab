"""`dyad serve`: the REST API and dashboard over the event store (a thin wrapper over dyad.web).

    dyad serve --db news.db [--host 127.0.0.1] [--port 8000] [--token-file FILE] [--protect-read]
               [--allow-host NAME ...]

Reading is open; `POST /api/articles` needs a token (`--token-file FILE` or the DYAD_TOKEN
environment variable; `--token T` works too but shows the token to every local user in the
process list) sent as `Authorization: Bearer T`; `--protect-read` makes the read API need it too.
The server answers only requests whose Host is localhost, 127.0.0.1, [::1], the --host address or
an --allow-host name (`--allow-host '*'`: any): a web page elsewhere cannot read it by DNS rebinding.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dyad.cli.ingest import add_db
from dyad.errors import InputError
from dyad.store import open_store


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
    cmd.add_argument(
        "--token-file",
        metavar="FILE",
        help="read the token for POST /api/articles from FILE (default: $DYAD_TOKEN; none: writes disabled)",
    )
    cmd.add_argument(
        "--token", help="the token itself (visible to other local users in the process list: prefer --token-file)"
    )
    cmd.add_argument("--protect-read", action="store_true", help="the read API needs the token too")
    cmd.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="also answer requests for this Host name (repeat; '*' for any)",
    )
    cmd.set_defaults(run=run)


LOCAL_HOSTS = ["localhost", "127.0.0.1", "::1", "[::1]"]


def allowed_hosts(host: str, extra: list[str]) -> list[str]:
    """The Host names to answer: local names, the listening address (unless a wildcard), ``extra``."""
    names = LOCAL_HOSTS + [name.strip() for name in extra if name.strip()]
    if host not in ("0.0.0.0", "::", ""):
        names.append(host)
    return list(dict.fromkeys(names))


def _token(args) -> str | None:
    """The write token: --token-file, --token, then $DYAD_TOKEN; an empty one is an error, not 'no token'."""
    if args.token_file:
        try:
            token = Path(args.token_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or error
            raise InputError(f"{args.token_file}: cannot read the token: {reason}") from None
        if not token:
            raise InputError(f"{args.token_file}: the token file is empty")
        return token
    return args.token or os.environ.get("DYAD_TOKEN") or None


def run(args) -> int:
    token = _token(args)
    if args.protect_read and not token:
        raise InputError("--protect-read needs a token: --token-file FILE or DYAD_TOKEN")
    store = open_store(args.db, create=bool(token))
    import uvicorn

    from dyad.web.app import create_app

    hosts = allowed_hosts(args.host, args.allow_host)
    app = create_app(store, token=token, protect_read=args.protect_read, allowed_hosts=hosts)
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
