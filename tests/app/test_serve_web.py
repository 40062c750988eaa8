"""``dockpit serve`` in a real headless Chromium: the page shows the container list.

Chromium is driven over its DevTools protocol (aiohttp, which textual-serve brings); the
screenshot it takes is read back with tesseract OCR and must show the container's name.
"""

from __future__ import annotations

import asyncio
import base64
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tui.serve import is_loopback

pytestmark = pytest.mark.engine

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"process exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


def need_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (scripts/setup installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


def ocr(png: Path) -> str:
    result = subprocess.run(
        ["tesseract", str(png), "stdout"], capture_output=True, text=True, timeout=60
    )
    return result.stdout


def ocr_shows(name: str, text: str) -> bool:
    """True when a line of the OCR text holds name, or name with one letter misread.

    Tesseract reads screen fonts well but not perfectly (CI once read "c" as "e"); one
    substituted letter in a 12-letter random name still identifies it (the decoy shares
    only its last six letters).
    """
    for line in text.splitlines():
        squeezed = line.replace(" ", "")  # OCR sometimes splits a word
        for start in range(len(squeezed) - len(name) + 1):
            part = squeezed[start : start + len(name)]
            if sum(a != b for a, b in zip(part, name, strict=True)) <= 1:
                return True
    return False


async def browse_and_read(url: str, name: str, shot: Path, timeout: float) -> str:
    """Open url in headless Chromium; screenshot until OCR finds name (or time runs out)."""
    import aiohttp

    port = free_port()
    profile = tempfile.mkdtemp(prefix="dockpit-chromium-")
    chromium = subprocess.Popen(
        [need_tool("chromium"), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
         "--remote-debugging-address=127.0.0.1", f"--remote-debugging-port={port}",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    text = ""
    try:
        wait_port(port, chromium)
        async with aiohttp.ClientSession() as http:
            targets = []
            for _ in range(100):
                async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                    targets = [t for t in await response.json() if t.get("type") == "page"]
                if targets:
                    break
                await asyncio.sleep(0.1)
            async with http.ws_connect(targets[0]["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                ids = iter(range(1, 10_000))

                async def call(method: str, **params):
                    ident = next(ids)
                    await ws.send_json({"id": ident, "method": method, "params": params})
                    while True:
                        reply = await ws.receive_json()
                        if reply.get("id") == ident:
                            return reply.get("result", {})

                await call("Page.enable")
                await call("Page.navigate", url=url)
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    await asyncio.sleep(1.0)
                    shown = await call(
                        "Runtime.evaluate",
                        expression="document.body.classList.contains('-first-byte')",
                    )
                    if not shown.get("result", {}).get("value"):
                        continue  # the app has not drawn yet
                    picture = await call("Page.captureScreenshot", format="png")
                    shot.write_bytes(base64.b64decode(picture["data"]))
                    text = await asyncio.to_thread(ocr, shot)
                    if ocr_shows(name, text):
                        return text
    finally:
        chromium.terminate()
        try:
            chromium.wait(timeout=10)
        except subprocess.TimeoutExpired:
            chromium.kill()
        shutil.rmtree(profile, ignore_errors=True)
    return text


def test_serve_refuses_a_non_loopback_address_without_the_flag():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")
    out = subprocess.run(
        [sys.executable, "-m", "tui", "serve", "--bind", "0.0.0.0", "--port", "1"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 2
    assert "not a loopback" in out.stderr and "--allow-remote" in out.stderr


def test_headless_chromium_shows_the_container_list(engine_host, make_container, tmp_path):
    need_tool("tesseract")
    need_tool("chromium")
    # letters OCR rarely confuses (no 0/O, 1/l, c/e, u/v/w, rn/m)
    name = "served" + "".join(random.choice("abdfhkpstxyz") for _ in range(6))
    make_container(name=name)
    # a newer one takes the first row, where the cursor's highlight would hide ours from OCR
    make_container(name="decoy" + name[6:])
    port = free_port()
    env = {**os.environ, "DOCKPIT_STATE_DIR": str(tmp_path / "state")}
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", str(port), "--host", engine_host],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    shot = tmp_path / "served.png"
    try:
        wait_port(port, server)
        text = asyncio.run(browse_and_read(f"http://127.0.0.1:{port}/", name, shot, 60.0))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    keep = os.environ.get("DOCKPIT_WEB_SCREENSHOT")
    if keep and shot.exists():
        shutil.copy(shot, keep)
    assert shot.exists(), "Chromium never showed the app"
    assert ocr_shows(name, text), f"OCR of the page did not find {name}:\n{text}"
