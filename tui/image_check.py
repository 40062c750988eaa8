"""`dockpit image-check IMAGE`: an image's wasted space and efficiency, for CI.

Exit status: 0 within every limit given, 1 when a limit is passed, 2 when the image could
not be read (no engine, no such image).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

import humanize

from tui.settings import Settings

EFFICIENCY_HELP = (
    "efficiency = 1 - wasted / total, where total is the bytes of every regular file stored "
    "in any layer and wasted is every stored copy the final image does not show (overwritten "
    "or deleted by a later layer)"
)


def add_image_check_command(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "image-check",
        help="an image's wasted space and efficiency; non-zero exit past a limit (CI)",
        description="Read an image's layers and print its efficiency and wasted space. "
        + EFFICIENCY_HELP
        + ". Exit status 1 when a limit is passed, 2 when the image cannot be read.",
    )
    parser.add_argument("image", metavar="IMAGE", help="image reference or id")
    parser.add_argument("--json", action="store_true", help="print JSON (per-layer changes)")
    parser.add_argument("--lowest-efficiency", type=float, metavar="F", help="0..1, e.g. 0.95")
    parser.add_argument("--highest-wasted-bytes", type=int, metavar="N")
    parser.add_argument("--highest-wasted-percent", type=float, metavar="F", help="0..100")
    parser.add_argument("--no-cache", action="store_true", help="read the image again")


def run_image_check(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from tui.engine.core.connect import resolve_endpoint
    from tui.engine.core.errors import EngineError
    from tui.engine.core.session import EngineSession
    from tui.engine.images.layers_read import read_layers
    from tui.engine.images.layers_report import Limits, report

    limits = Limits(args.lowest_efficiency, args.highest_wasted_bytes, args.highest_wasted_percent)
    try:
        session = EngineSession.open(
            resolve_endpoint(settings.host, context=settings.context), settings.connect_timeout
        )
        try:
            image = read_layers(session.client, args.image, use_cache=not args.no_cache)
        finally:
            session.close()
    except EngineError as error:
        print(f"dockpit image-check: {error.message}", file=sys.stderr)
        return 2
    figures = report(image, args.image, limits)
    if args.json:
        json.dump(figures, out, indent=1)
        out.write("\n")
    else:
        _print_text(figures, out)
    return 1 if figures["failed"] else 0


def _print_text(figures: dict, out: TextIO) -> None:
    print(f"image:       {figures['image']} ({figures['image_id'][:19]})", file=out)
    print(f"layers:      {len(figures['layers'])}", file=out)
    print(f"total:       {humanize.naturalsize(figures['total_bytes'])}", file=out)
    print(f"image files: {humanize.naturalsize(figures['image_bytes'])}", file=out)
    print(
        f"wasted:      {humanize.naturalsize(figures['wasted_bytes'])} "
        f"({figures['wasted_bytes']} bytes, {figures['wasted_percent']:.2f}%)",
        file=out,
    )
    print(f"efficiency:  {figures['efficiency'] * 100:.2f}%", file=out)
    for item in figures["waste"][:20]:
        layers = ",".join(str(i) for i in item["layers"])
        print(
            f"  {humanize.naturalsize(item['wasted']):>10}  {item['path']}  (layers {layers})",
            file=out,
        )
    for sentence in figures["failed"]:
        print(f"FAILED: {sentence}", file=out)
