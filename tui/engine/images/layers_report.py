"""The figures of a layer analysis as plain data (JSON for CI) and the limits it is held to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.engine.images.layers_merge import Analysis, analyse, layer_changes
from tui.engine.images.layers_model import REMOVED, ImageLayers, shown


@dataclass(frozen=True)
class Limits:
    lowest_efficiency: float | None = None  # 0..1
    highest_wasted_bytes: int | None = None
    highest_wasted_percent: float | None = None  # 0..100


def broken_limits(analysis: Analysis, limits: Limits) -> list[str]:
    """A sentence for every limit the image passes; empty when it is within all of them."""
    broken = []
    if limits.lowest_efficiency is not None and analysis.efficiency < limits.lowest_efficiency:
        broken.append(
            f"efficiency {analysis.efficiency:.4f} is below {limits.lowest_efficiency:.4f}"
        )
    if (
        limits.highest_wasted_bytes is not None
        and analysis.wasted_bytes > limits.highest_wasted_bytes
    ):
        broken.append(
            f"wasted bytes {analysis.wasted_bytes} are above {limits.highest_wasted_bytes}"
        )
    if (
        limits.highest_wasted_percent is not None
        and analysis.wasted_percent > limits.highest_wasted_percent
    ):
        broken.append(
            f"wasted {analysis.wasted_percent:.2f}% is above {limits.highest_wasted_percent:.2f}%"
        )
    return broken


def report(image: ImageLayers, reference: str, limits: Limits) -> dict[str, Any]:
    analysis = analyse(image.layers)
    layers = []
    for index, (layer, change) in enumerate(
        zip(image.layers, layer_changes(image.layers), strict=True)
    ):
        changes = []
        written = {e.path: e for e in layer.entries}
        for path, status in sorted(change.status.items()):
            placed = change.removed.get(path) if status == REMOVED else None
            entry = placed.entry if placed else written.get(path)
            changes.append(
                {
                    "path": shown(path),
                    "status": status,
                    "kind": entry.kind if entry else "dir",
                    "size": entry.size if entry else 0,
                }
            )
        layers.append(
            {
                "index": index,
                "diff_id": layer.diff_id,
                "instruction": layer.instruction,
                "size": layer.size,
                "tar_size": layer.tar_size,
                "changes": changes,
            }
        )
    return {
        "image": reference,
        "image_id": image.image_id,
        "total_bytes": analysis.total_bytes,
        "image_bytes": analysis.image_bytes,
        "wasted_bytes": analysis.wasted_bytes,
        "wasted_percent": round(analysis.wasted_percent, 4),
        "efficiency": round(analysis.efficiency, 6),
        "efficiency_definition": "1 - wasted_bytes / total_bytes",
        "waste": [
            {
                "path": shown(w.path),
                "wasted": w.wasted,
                "copies": w.copies,
                "layers": list(w.layers),
                "removed": w.removed,
                "deleted_in": w.deleted_in if w.deleted_in >= 0 else None,
            }
            for w in analysis.waste
        ],
        "layers": layers,
        "failed": broken_limits(analysis, limits),
    }
