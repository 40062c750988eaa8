"""Layer analysis speed on a big image: throughput against `docker save`, peak RSS, cached open.

    python -m bench.layers_bench [--files 50000] [--file-size 20000] [--keep]

Builds (once; kept with --keep) an image FROM busybox whose one RUN writes FILES files of
FILE_SIZE bytes (default about 1 GB, 50,000 files in 50 folders) and a second RUN that
deletes one folder and rewrites a file (wasted space). Then, each in a fresh process:
`docker save IMAGE > /dev/null`; the uncached analysis (bytes/s, peak RSS); the cached open.
Figures, not pass/fail; the targets of issue 22 are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docker

SANDBOX = "unix:///tmp/dockpit-sandbox/docker.sock"
IMAGE = "dockpit-bench-layers"
LABEL = "dockpit.bench"


def host() -> str:
    return os.environ.get("DOCKPIT_TEST_DOCKER_HOST") or SANDBOX


def dockerfile(files: int, size: int) -> str:
    awk = (
        'BEGIN{srand(1);s="";for(j=0;j<SIZE;j++)s=s sprintf("%c",97+int(rand()*26));'
        'for(i=0;i<FILES;i++){f="/data/" (i%50) "/f" i;printf "%s",substr(i s,1,SIZE) > f;'
        "close(f)}}"
    )
    awk = awk.replace("SIZE", str(size)).replace("FILES", str(files))
    return "\n".join(
        [
            "FROM busybox:latest",
            f"LABEL {LABEL}=layers",
            "RUN seq 0 49 | while read d; do mkdir -p /data/$d; done && awk '" + awk + "'",
            "RUN rm -rf /data/49 && echo rewritten > /data/0/f0",
        ]
    )


def build(client: docker.DockerClient, reference: str, files: int, size: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "Dockerfile").write_text(dockerfile(files, size) + "\n")
        started = time.perf_counter()
        client.images.build(path=folder, tag=reference, rm=True)
        return time.perf_counter() - started


def docker_save_seconds(reference: str) -> float:
    env = {**os.environ, "DOCKER_HOST": host()}
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        subprocess.run(["docker", "save", reference], stdout=sink, check=True, env=env)
    return time.perf_counter() - started


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(mode: str, reference: str) -> None:
    """Run in a fresh process: one analysis, its figures as JSON on stdout."""
    from tui.engine.images.layers_merge import merged_upto
    from tui.engine.images.layers_read import Watch, read_analysis
    from tui.engine.images.layers_view import tree_view

    client = docker.DockerClient(base_url=host(), timeout=600)
    watch = Watch()
    started = time.perf_counter()
    image, analysis = read_analysis(client, reference, watch, use_cache=mode == "cached")
    opened = time.perf_counter() - started
    top = len(image.layers) - 1
    started = time.perf_counter()
    tree, change = merged_upto(image.layers, top)
    view = tree_view(tree, change, top)
    tree_seconds = time.perf_counter() - started
    figures = {
        "seconds": opened,
        "bytes_read": watch.bytes_read,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cpu_seconds": cpu_seconds(),
        "files": sum(len(layer.entries) for layer in image.layers),
        "wasted_bytes": analysis.wasted_bytes,
        "efficiency": analysis.efficiency,
        "tree_rows": len(view.rows),
        "tree_seconds": tree_seconds,
    }
    print(json.dumps(figures))


def run_child(mode: str, reference: str, cache: str) -> dict:
    env = {**os.environ, "DOCKPIT_CACHE_DIR": cache}
    out = subprocess.run(
        [sys.executable, "-m", "bench.layers_bench", "--child", mode, reference],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.layers_bench")
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--file-size", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the image for the next run")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "IMAGE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    reference = f"{IMAGE}:{args.files}x{args.file_size}"
    client = docker.DockerClient(base_url=host(), timeout=600)
    try:
        client.images.get(reference)
        print(f"image {reference}: present")
    except docker.errors.ImageNotFound:
        print(
            f"image {reference}: built in {build(client, reference, args.files, args.file_size):.1f} s"
        )
    try:
        saves, colds, opens = [], [], []
        with tempfile.TemporaryDirectory() as cache:
            for _ in range(args.rounds):  # interleaved: a busy machine hits both alike
                saves.append(docker_save_seconds(reference))
                colds.append(run_child("cold", reference, cache))
                opens.append(run_child("cached", reference, cache))
        save = min(saves)
        cold = min(colds, key=lambda c: c["seconds"])
        cached = min(opens, key=lambda c: c["seconds"])
        print(f"best of {args.rounds} rounds each (docker save and analysis interleaved)")
        mb = cold["bytes_read"] / 1e6
        save_rate, rate = mb / save, mb / cold["seconds"]
        print(f"export size:        {mb:.0f} MB, {cold['files']} entries")
        print(f"docker save:        {save:.2f} s  ({save_rate:.0f} MB/s)")
        print(
            f"analysis (cold):    {cold['seconds']:.2f} s  ({rate:.0f} MB/s) = "
            f"{100 * rate / save_rate:.0f}% of docker save (target >= 70%)"
        )
        print(f"CPU of the analysis process: {cold['cpu_seconds']:.1f} s (imports included)")
        print(f"peak RSS (cold):    {cold['peak_rss_mb']:.0f} MB (target <= 150 MB)")
        print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(
            f"cached open:        {cached['seconds']:.3f} s (target <= 0.3 s), "
            f"CPU {cached['cpu_seconds']:.2f} s (imports included), "
            f"peak RSS {cached['peak_rss_mb']:.0f} MB"
        )
        print(
            f"merged tree of the top layer: {cold['tree_rows']} rows in {cold['tree_seconds']:.2f} s"
        )
        print(
            f"wasted {cold['wasted_bytes'] / 1e6:.1f} MB, efficiency {100 * cold['efficiency']:.2f}%"
        )
    finally:
        if not args.keep:
            client.images.remove(reference, force=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
