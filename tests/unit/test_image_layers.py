"""Layer parsing and merging on tar files made here (no engine)."""

from __future__ import annotations

import io
import json
import tarfile

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.images.layers_merge import analyse, folder_sizes, merged_upto
from tui.engine.images.layers_model import (
    DIR,
    FILE,
    HARDLINK,
    SYMLINK,
    Entry,
    Layer,
    normal_path,
)
from tui.engine.images.layers_tar import assemble, read_export_parts, read_layer


def tar_bytes(members: list[tuple[str, str, bytes | str]]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, kind, data in members:
            info = tarfile.TarInfo(name)
            if kind == "dir":
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif kind == "sym":
                info.type, info.linkname = tarfile.SYMTYPE, str(data)
                tar.addfile(info)
            elif kind == "hard":
                info.type, info.linkname = tarfile.LNKTYPE, str(data)
                tar.addfile(info)
            else:
                body = data if isinstance(data, bytes) else data.encode()
                info.size = len(body)
                tar.addfile(info, io.BytesIO(body))
    return out.getvalue()


def test_read_layer_kinds_whiteouts_and_hostile_names() -> None:
    raw = tar_bytes(
        [
            ("etc/", "dir", b""),
            ("etc/a", "file", b"abc"),
            ("etc/l", "sym", "/etc/a"),
            ("etc/h", "hard", "etc/a"),
            ("etc/.wh.gone", "file", b""),
            ("var/.wh..wh..opq", "file", b""),
            ("evil\x1b]52;c;x\x07", "file", b"x"),
        ]
    )
    layer = read_layer(io.BytesIO(raw), "k")
    kinds = {e.path: (e.kind, e.size, e.link) for e in layer.entries}
    assert kinds["etc"] == (DIR, 0, "")
    assert kinds["etc/a"] == (FILE, 3, "")
    assert kinds["etc/l"] == (SYMLINK, 0, "/etc/a")
    assert kinds["etc/h"] == (HARDLINK, 0, "etc/a")
    assert layer.whiteouts == ["etc/gone"] and layer.opaque == ["var"]
    assert "evil\\x1b]52;c;x\\x07" in kinds
    assert all("\x1b" not in p for p in kinds)


def test_export_manifest_last_orders_layers() -> None:
    low = tar_bytes([("a", "file", b"1111")])
    high = tar_bytes([("a", "file", b"22"), (".wh.b", "file", b"")])
    config = {
        "rootfs": {"diff_ids": ["sha256:low", "sha256:high"]},
        "history": [
            {"created_by": "/bin/sh -c #(nop) ADD file:x in /"},
            {"created_by": '/bin/sh -c #(nop)  CMD ["sh"]', "empty_layer": True},
            {"created_by": "/bin/sh -c echo hi"},
        ],
    }
    manifest = [
        {"Config": "c.json", "RepoTags": ["x:1"], "Layers": ["l1/layer.tar", "l2/layer.tar"]}
    ]
    outer = tar_bytes(
        [
            ("l2/layer.tar", "file", high),
            ("l1/layer.tar", "file", low),
            ("c.json", "file", json.dumps(config)),
            ("manifest.json", "file", json.dumps(manifest)),
        ]
    )
    parts = read_export_parts(io.BytesIO(outer), lambda: None)
    image = assemble(parts, "sha256:id")
    assert [layer.key for layer in image.layers] == ["l1/layer.tar", "l2/layer.tar"]
    assert image.layers[1].instruction == "RUN echo hi"
    assert image.layers[0].diff_id == "sha256:low"
    result = analyse(image.layers)
    assert (result.total_bytes, result.wasted_bytes, result.image_bytes) == (6, 4, 2)
    assert result.efficiency == 1 - 4 / 6


def test_folder_sizes() -> None:
    assert folder_sizes([("a/b/c", 3), ("a/d", 2), ("e", 1)]) == {"a/b": 3, "a": 5, "": 6}


# -- merge logic against a naive model ---------------------------------------------------

NAMES = st.sampled_from(["a", "b", "a/x", "a/y", "b/x", "a/x/z"])
OPS = st.lists(
    st.tuples(st.sampled_from(["file", "dir", "white", "opaque"]), NAMES, st.integers(0, 9)),
    max_size=6,
)


def build_layers(spec: list[list[tuple[str, str, int]]]) -> list[Layer]:
    layers = []
    for index, ops in enumerate(spec):
        layer = Layer(key=str(index))
        for op, path, size in ops:
            if op == "file":
                layer.entries.append(Entry(path, FILE, size))
            elif op == "dir":
                layer.entries.append(Entry(path, DIR))
            elif op == "white":
                layer.whiteouts.append(path)
            else:
                layer.opaque.append(path)
        layers.append(layer)
    return layers


def naive(layers: list[Layer]) -> tuple[dict[str, tuple[str, int]], int]:
    tree: dict[str, tuple[str, int]] = {}
    copies: list[tuple[str, int, int]] = []  # path, layer, size
    for index, layer in enumerate(layers):
        for path in layer.whiteouts:
            tree = {p: v for p, v in tree.items() if p != path and not p.startswith(path + "/")}
        for path in layer.opaque:
            tree = {p: v for p, v in tree.items() if not p.startswith(path + "/")}
        for entry in layer.entries:
            if entry.kind != DIR:
                tree = {p: v for p, v in tree.items() if not p.startswith(entry.path + "/")}
            parts = entry.path.split("/")
            for depth in range(1, len(parts)):
                parent = "/".join(parts[:depth])
                if tree.get(parent, ("", 0))[0] != DIR:
                    tree[parent] = (DIR, index)
            tree[entry.path] = (entry.kind, index)
            if entry.kind == FILE:
                copies.append((entry.path, index, entry.size))
    survivors = {}
    for number, (path, index, _) in enumerate(copies):
        if tree.get(path) == (FILE, index):
            survivors[path] = number
    wasted = sum(
        size for number, (path, _, size) in enumerate(copies) if survivors.get(path) != number
    )
    return tree, wasted


@settings(max_examples=300, deadline=None)
@given(st.lists(OPS, min_size=1, max_size=4))
def test_merge_matches_naive_model(spec: list[list[tuple[str, str, int]]]) -> None:
    layers = build_layers(spec)
    tree, _ = merged_upto(layers, len(layers) - 1)
    expected, wasted = naive(layers)
    assert {p: (v.entry.kind, v.layer) for p, v in tree.paths.items()} == expected
    result = analyse(layers)
    assert result.wasted_bytes == wasted
    assert 0.0 <= result.efficiency <= 1.0


def test_tree_view_merged_layer_changes_and_filter() -> None:
    from tui.engine.images.layers_model import ADDED, MODIFIED, REMOVED
    from tui.engine.images.layers_view import tree_view

    layers = [
        Layer("0", entries=[Entry("etc", DIR), Entry("etc/a", FILE, 3), Entry("etc/b", FILE, 4)]),
        Layer("1", entries=[Entry("etc/a", FILE, 5), Entry("usr/c", FILE, 7)], whiteouts=["etc/b"]),
    ]
    tree, change = merged_upto(layers, 1)
    view = tree_view(tree, change, 1)
    assert {p: r.status for p, r in view.rows.items()} == {
        "etc": "",
        "etc/a": MODIFIED,
        "etc/b": REMOVED,
        "usr": ADDED,
        "usr/c": ADDED,
    }
    assert view.rows["etc"].size == 5  # what is removed does not count
    assert [r.path for r in view.kids("")] == ["etc", "usr"]
    own = tree_view(tree, change, 1, merged=False)
    assert "etc/a" in own.rows and own.rows["etc"].status == ""  # reached through only
    assert own.rows["etc/b"].status == REMOVED and "usr/c" in own.rows
    changed = tree_view(tree, change, 1, changes_only=True, text="usr")
    assert set(changed.rows) == {"usr", "usr/c"}


def test_cache_ignores_damaged_files(tmp_path, monkeypatch) -> None:
    from tui.engine.images import layers_cache
    from tui.engine.images.layers_model import ImageLayers

    monkeypatch.setenv("DOCKPIT_CACHE_DIR", str(tmp_path))
    image = ImageLayers("sha256:abc", [Layer("k", entries=[Entry("a", FILE, 1, digest="d")])])
    layers_cache.store(image, analyse(image.layers))
    loaded = layers_cache.load("sha256:abc")
    assert loaded is not None and loaded[0] == image and loaded[1].total_bytes == 1
    layers_cache.cache_file("sha256:abc").write_text("{not json")
    assert layers_cache.load("sha256:abc") is None
    assert layers_cache.load("sha256:other") is None


# -- the lean tar reader against tarfile ----------------------------------------------------

NAME_PARTS = st.sampled_from(["a", "b", "é", "x" * 60, "dir", ".wh.a", "sp ace"])
MEMBERS = st.lists(
    st.tuples(
        st.lists(NAME_PARTS, min_size=1, max_size=4).map("/".join),
        st.sampled_from(["file", "dir", "sym", "hard"]),
        st.binary(max_size=1500),
    ),
    max_size=8,
)


def reference_layer(raw: bytes) -> list[tuple[str, str, str, bytes]]:
    """What tarfile itself reads from the same bytes (name, kind, size, link)."""
    from tui.engine.images.layers_tar import member_kind

    out = []
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:*") as tar:
        for member in tar:
            kind = member_kind(member)
            data = (tar.extractfile(member) or io.BytesIO()).read() if kind == FILE else b""
            out.append((member.name, kind, member.linkname, data))
    return out


@settings(max_examples=150, deadline=None)
@given(MEMBERS, st.sampled_from([tarfile.PAX_FORMAT, tarfile.GNU_FORMAT, tarfile.USTAR_FORMAT]))
def test_tar_reader_reads_what_tarfile_reads(members, tar_format) -> None:
    from tui.engine.images.tar_stream import TarReader

    out = io.BytesIO()
    try:
        with tarfile.open(fileobj=out, mode="w", format=tar_format) as tar:
            for name, kind, data in members:
                info = tarfile.TarInfo(name)
                if kind == "file":
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
                else:
                    info.type = {"dir": tarfile.DIRTYPE, "sym": tarfile.SYMTYPE}.get(
                        kind, tarfile.LNKTYPE
                    )
                    info.linkname = "t" * 120 if kind == "sym" else "a"
                    tar.addfile(info)
    except ValueError:
        return  # ustar cannot hold that name: nothing to compare
    raw = out.getvalue()
    reader = TarReader(io.BytesIO(raw).read)
    seen = []
    for header in reader:
        kind = {ord("5"): DIR, ord("2"): SYMLINK, ord("1"): HARDLINK}.get(header.type, FILE)
        data = reader.read() if kind == FILE else b""
        seen.append((normal_path(header.name), kind, header.linkname, data))
    expected = [(normal_path(n), k, link, d) for n, k, link, d in reference_layer(raw)]
    assert seen == expected


def test_gzip_layer_and_contents_digest() -> None:
    import gzip
    import hashlib

    raw = tar_bytes([("a", "file", b"hello")])
    layer = read_layer(io.BytesIO(gzip.compress(raw)), "k")
    assert layer.entries[0].digest == hashlib.sha256(b"hello").hexdigest()[:16]
