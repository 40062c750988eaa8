"""Command line: arguments -> Settings -> app.run()."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from tui import __version__
from tui.bandwidth import apply_bandwidth
from tui.config_cli import add_config_command, run_config_command
from tui.image_check import add_image_check_command, run_image_check
from tui.settings import Settings, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dockpit",
        description="A keyboard-driven terminal dashboard for Docker.",
        epilog="The engine is found from --context, else --host, else DOCKER_HOST, else "
        "DOCKER_CONTEXT, else the docker CLI's current context, else the default socket "
        "unix:///var/run/docker.sock. TLS follows DOCKER_TLS_VERIFY and DOCKER_CERT_PATH as "
        "the docker CLI does; ssh:// runs the system ssh (DOCKPIT_SSH_COMMAND replaces it). "
        "'dockpit serve --help': the same dashboard in a web browser.",
    )
    parser.add_argument("--version", action="version", version=f"dockpit {__version__}")
    parser.add_argument(
        "-H",
        "--host",
        metavar="URL",
        action="append",
        help="engine to connect to, e.g. unix:///var/run/docker.sock, tcp://host:2376, "
        "ssh://user@host; give it again to add engines to the fleet view (F)",
    )
    parser.add_argument(
        "-c",
        "--context",
        metavar="NAME",
        help="a docker context (docker context ls) to connect to; overrides DOCKER_HOST",
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="no key, palette entry or dialog that changes anything",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: $DOCKPIT_CONFIG, else `dockpit config path`)",
    )
    parser.add_argument("--theme", metavar="NAME", help="theme to start with (ctrl+t switches)")
    parser.add_argument(
        "--bandwidth",
        choices=("auto", "on", "off"),
        help="bandwidth mode: fewer bytes to the terminal (frames capped, slower stats); "
        "auto (default): on inside an SSH session",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_config_command(subparsers)
    add_image_check_command(subparsers)
    serve = subparsers.add_parser(
        "serve",
        help="the same dashboard in a web browser (dockpit serve --help)",
        add_help=False,
    )
    serve.add_argument("serve_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    return parser


def settings_from_args(argv: Sequence[str] | None = None) -> Settings:
    parser = build_parser()
    return _settings(parser, parser.parse_args(argv))


def _settings(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Settings:
    """The config file's settings, then the command line's flags over them."""
    hosts: list[str] = args.host or []
    if args.context and hosts:
        parser.error("conflicting options: give either --host or --context, not both")
    settings = load_settings(args.config)
    if hosts or args.context:
        settings.host = hosts[0] if hosts else None
    settings.context = args.context
    settings.fleet_hosts = hosts[1:]
    if args.read_only:
        settings.read_only = True
    if args.theme:
        settings.theme = args.theme
    if args.bandwidth:
        settings.bandwidth = args.bandwidth
    apply_bandwidth(settings)
    return settings


def _quiet_pipe(command: Callable[[], int]) -> int:
    """Run a command that prints: a reader that stops early (``| head -1``) ends it quietly,
    as it ends any Unix tool, not in a BrokenPipeError traceback."""
    try:
        code = command()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that this stays quiet
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return code


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    if raw[:1] == ["serve"]:  # dockpit serve: the dashboard in a web browser
        from tui.serve import serve_main

        return serve_main(raw[1:])
    parser = build_parser()
    args = parser.parse_args(raw)
    if args.command == "serve":  # after global flags: serve reads its own arguments
        from tui.serve import serve_main

        return serve_main(args.serve_args)
    if args.command == "config":
        return _quiet_pipe(lambda: run_config_command(args))
    settings = _settings(parser, args)
    if args.command == "image-check":
        return run_image_check(args, settings)
    # Start talking to the engine before the UI is even imported: the round trips overlap
    # Textual's start-up (see tui/engine/core/prefetch.py).
    from tui.engine.core.connect import resolve_endpoint
    from tui.engine.core.prefetch import Prefetch

    prefetch = Prefetch(
        resolve_endpoint(settings.host, context=settings.context), settings.connect_timeout
    )
    from tui.app import DockpitApp  # imported late: --help and --version stay instant
    from tui.crash import install_thread_hook

    install_thread_hook()
    try:
        app = DockpitApp(settings, prefetch=prefetch)
        app.run()
    except Exception as error:  # noqa: BLE001 - the last line of the error funnel
        from tui.crash import write_crash_log

        path = write_crash_log(error, where="startup")
        print(f"dockpit could not run: {type(error).__name__}: {error}", file=sys.stderr)
        if path:
            print(f"details: {path}", file=sys.stderr)
        return 1
    return app.return_code or 0
