"""A linear model over hashed string features: how the shipped weights are stored and applied.

Every learned part of the pipeline (the sentence gate, the trigger types and modes, modality)
is a multinomial logistic regression whose inputs are strings ("lemma=attack", "dep=ROOT",
"child:neg") hashed into ``dims`` buckets with CRC-32 (stable across processes and platforms,
unlike Python's ``hash``). Applying one needs NumPy only; training (``training/``) uses
scikit-learn and writes the weights here with ``save``.

A file holds several named models (``save_bundle``): a zlib-compressed NumPy archive with, per
model, ``NAME.weights`` (dims × classes, float32), ``NAME.bias``, ``NAME.classes`` (the labels)
and ``NAME.meta`` (a JSON string: the feature set's version, the seed, the data it was trained
on, the threshold chosen on dev).
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError


def bucket(feature: str, dims: int) -> int:
    """The column of a feature string."""
    return zlib.crc32(feature.encode("utf-8")) % dims


def hashed_rows(rows: Iterable[Sequence[str]], dims: int) -> tuple[list[int], list[int]]:
    """(row index, column) pairs of a batch of feature lists, for a sparse matrix; a feature
    that occurs twice in a row counts twice."""
    r: list[int] = []
    c: list[int] = []
    for i, feats in enumerate(rows):
        for f in feats:
            r.append(i)
            c.append(bucket(f, dims))
    return r, c


def softmax(logits: np.ndarray) -> np.ndarray:
    """Rows of class scores → rows of probabilities (in place)."""
    logits -= logits.max(axis=1, keepdims=True)
    np.exp(logits, out=logits)
    logits /= logits.sum(axis=1, keepdims=True)
    return logits


@dataclass(frozen=True)
class LinearModel:
    """Weights, bias and class labels of one classifier, with what it was trained on."""

    weights: np.ndarray
    bias: np.ndarray
    classes: tuple[str, ...]
    meta: Mapping[str, Any]

    @property
    def dims(self) -> int:
        return int(self.weights.shape[0])

    def logits(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Class scores before the softmax, one row per feature list."""
        out = np.tile(self.bias.astype(np.float64), (len(rows), 1))
        dims, weights = self.dims, self.weights
        # the rows of one call share many features (a sentence's own, repeated in each of its
        # candidate words' rows), so each is hashed once per call; the columns and the sums
        # are those of one row at a time (the same bits)
        seen: dict[str, int] = {}
        for i, feats in enumerate(rows):
            if feats:
                cols = []
                for f in feats:
                    col = seen.get(f)
                    if col is None:
                        col = seen[f] = bucket(f, dims)
                    cols.append(col)
                out[i] += weights[cols].sum(axis=0)
        return out

    def scores(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Class probabilities, one row per feature list."""
        return softmax(self.logits(rows))

    @staticmethod
    def save_bundle(models: Mapping[str, LinearModel], path: str | Path) -> None:
        """Several named models in one file; the same models give the same bytes."""
        arrays: dict[str, Any] = {}  # np.savez types its keyword arrays loosely
        for name, m in sorted(models.items()):
            arrays[f"{name}.weights"] = m.weights.astype(np.float32)
            arrays[f"{name}.bias"] = m.bias.astype(np.float32)
            arrays[f"{name}.classes"] = np.array(m.classes)
            arrays[f"{name}.meta"] = np.array(json.dumps(m.meta, sort_keys=True))
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        # np.savez_compressed stamps zip entries with the current time; compress the whole
        # archive ourselves so that two runs write byte-identical files
        Path(path).write_bytes(zlib.compress(buf.getvalue(), 9))

    @classmethod
    def read_bundle(cls, path: str | Path) -> dict[str, LinearModel]:
        try:
            arrays = _npz_arrays(zlib.decompress(Path(path).read_bytes()))
            names = sorted({k.rsplit(".", 1)[0] for k in arrays})
            return {n: cls(arrays[f"{n}.weights"], arrays[f"{n}.bias"],
                           tuple(str(c) for c in arrays[f"{n}.classes"]),
                           json.loads(str(arrays[f"{n}.meta"]))) for n in names}
        except (OSError, zlib.error, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ModelError(f"{path}: not a model eventwire can read ({exc}); rebuild it with "
                             "`make model` or `eventwire train`") from None


def _npz_arrays(data: bytes) -> dict[str, np.ndarray]:
    """The arrays of an uncompressed NumPy archive (what ``np.savez`` writes) held in ``data``,
    read in place: each array is a read-only view of ``data``, not a copy. ``np.load`` copied
    each member out of the zip and checked its CRC, 0.4 s of the cold start's 3 s for the
    shipped 128 MB of weights (forty-ninth session); this takes none. A member it cannot read
    so (compressed, not an array file) is read by ``np.load``."""
    out: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename.removesuffix(".npy")
            at = info.header_offset
            name_len, extra_len = struct.unpack_from("<HH", data, at + 26)
            start = at + 30 + name_len + extra_len
            if info.compress_type != zipfile.ZIP_STORED or \
                    data[start:start + 8] not in (b"\x93NUMPY\x01\x00", b"\x93NUMPY\x02\x00"):
                out[name] = np.load(io.BytesIO(archive.read(info)), allow_pickle=False)
                continue
            head = io.BytesIO(data[start:start + min(info.file_size, 1 << 16)])
            version = np.lib.format.read_magic(head)
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, fortran, dtype = read_header(head)
            if dtype.hasobject:
                raise ValueError(f"{info.filename}: an array of Python objects")
            count = int(np.prod(shape, dtype=np.int64))
            array = np.frombuffer(data, dtype=dtype, count=count, offset=start + head.tell())
            out[name] = array.reshape(shape, order="F" if fortran else "C")
    return out


def shipped(name: str) -> Path:
    """The path of a model file shipped in the package (``eventwire/models/<name>``)."""
    return Path(str(resources.files("eventwire.models").joinpath(name)))
