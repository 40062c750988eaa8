"""``dockpit serve``: the same dashboard in a web browser, through textual-serve.

Every browser connection runs its own ``dockpit`` process with the engine flags given here.
Whoever reaches the page drives the engine, so it binds to 127.0.0.1 unless told otherwise,
and refuses an address that is not loopback without ``--allow-remote``.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from collections.abc import Sequence

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(address: str) -> bool:
    if address.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dockpit serve",
        description="Serve dockpit to a web browser (textual-serve). Whoever can open the page "
        "controls the engine: it listens on 127.0.0.1 unless told otherwise.",
    )
    parser.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS",
                        help="address to listen on (default 127.0.0.1)")  # fmt: skip
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --bind address (anyone who reaches it drives the engine)",
    )
    parser.add_argument("--public-url", metavar="URL", help="the URL browsers use, if proxied")
    parser.add_argument("-H", "--host", metavar="URL", action="append", help="engine address")
    parser.add_argument("-c", "--context", metavar="NAME", help="docker context")
    parser.add_argument("--read-only", action="store_true", help="no changing actions")
    return parser


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser connection."""
    parts = [sys.executable, "-m", "tui"]
    for host in args.host or []:
        parts += ["--host", host]
    if args.context:
        parts += ["--context", args.context]
    if args.read_only:
        parts.append("--read-only")
    return shlex.join(parts)


def serve_main(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.host and args.context:
        parser.error("conflicting options: give either --host or --context, not both")
    if not is_loopback(args.bind) and not args.allow_remote:
        print(
            f"dockpit serve: refusing to listen on {args.bind!r}, which is not a loopback "
            "address: anyone who reaches the page controls the Docker engine. Add "
            "--allow-remote if that is what you want (and put it behind authentication).",
            file=sys.stderr,
        )
        return 2
    try:
        from textual_serve.server import Server
    except ImportError:
        print("dockpit serve needs textual-serve: pip install textual-serve", file=sys.stderr)
        return 1
    server = Server(
        app_command(args),
        host=args.bind,
        port=args.port,
        title="dockpit",
        public_url=args.public_url,
    )
    server.serve()
    return 0
