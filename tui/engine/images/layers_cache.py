"""The layer analysis of an image, kept on disk by image id: a second open is instant.

An image id is the digest of its config, so an entry never goes stale; a damaged or
foreign file is ignored (and rewritten on the next analysis).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tui.engine.images.layers_merge import Analysis
from tui.engine.images.layers_model import ImageLayers

FORMAT = 3


def cache_dir() -> Path:
    """DOCKPIT_CACHE_DIR, else the platform's user cache folder for dockpit."""
    override = os.environ.get("DOCKPIT_CACHE_DIR")
    if override:
        return Path(override) / "layers"
    import platformdirs

    return Path(platformdirs.user_cache_dir("dockpit")) / "layers"


def cache_file(image_id: str) -> Path:
    name = "".join(c for c in image_id.removeprefix("sha256:") if c.isalnum())[:64]
    return cache_dir() / f"{name or 'unknown'}.json"


def load(image_id: str) -> tuple[ImageLayers, Analysis] | None:
    try:
        with open(cache_file(image_id), encoding="utf-8") as stream:
            raw = json.load(stream)
        if raw.get("format") != FORMAT or raw.get("image_id") != image_id:
            return None
        image = ImageLayers.from_json(raw)
        return image, Analysis.from_json(raw["analysis"], image.layers)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store(image: ImageLayers, analysis: Analysis) -> None:
    """Write atomically; a cache that cannot be written is no error."""
    path = cache_file(image.image_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        with open(partial, "w", encoding="utf-8") as stream:
            document = {"format": FORMAT, **image.to_json(), "analysis": analysis.to_json()}
            json.dump(document, stream, separators=(",", ":"))
        os.replace(partial, path)
    except OSError:
        pass
