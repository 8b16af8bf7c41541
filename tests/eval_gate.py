"""The evaluation gate: pinned floors for the headline figures of every gold set.

``tests/eval_floors.json`` holds, per gold set, the gold file (relative to the shared folder),
its SHA-256 and a floor for each headline figure (``eventwire.evaluate.evaluate.HEADLINES``).
The suite (``tests/test_evaluate.py``) fails when a gold file's hash differs from the pinned one,
or when a measured figure is below its floor. Gold files are read from ``../shared`` (or the
folder in ``EVENTWIRE_SHARED``); a set whose file is absent is skipped.

From the repository root::

    .venv/bin/python tests/eval_gate.py            # measure, compare, exit 1 on a drop
    .venv/bin/python tests/eval_gate.py --raise    # raise floors to the measured figures
    .venv/bin/python tests/eval_gate.py --lower --reason "why the drop is accepted"
    .venv/bin/python tests/eval_gate.py --rehash --reason "what changed in the gold file"

Raising a floor is routine. Lowering one, or pinning a new hash, needs the explicit flag and a
reason: both are written to the file's ``history`` with the old and new values, and the reason
belongs in the commit message too. Floors are the measured figures rounded down to 3 decimals.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOORS = Path(__file__).resolve().parent / "eval_floors.json"
TOLERANCE = 1e-9


def shared_dir() -> Path:
    """The shared reference folder: ``EVENTWIRE_SHARED`` or ``../shared`` beside the repo."""
    env = os.environ.get("EVENTWIRE_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


def load_floors(path: Path = FLOORS) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def save_floors(data: dict[str, Any], path: Path = FLOORS) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def gold_names(path: Path = FLOORS) -> list[str]:
    return list(load_floors(path)["gold"])


def gold_path(name: str, floors: dict[str, Any]) -> Path:
    return shared_dir() / floors["gold"][name]["path"]


def floor_of(value: float) -> float:
    """A measured figure as a floor: rounded down to 3 decimals."""
    return math.floor(value * 1000 + 1e-6) / 1000


def hash_problem(name: str, floors: dict[str, Any]) -> str | None:
    """Why the gold file of ``name`` does not match its pinned hash, or None."""
    from eventwire.evaluate.gold import file_sha256

    entry = floors["gold"][name]
    got = file_sha256(gold_path(name, floors))
    if got != entry["sha256"]:
        return (f"{name}: the gold file {entry['path']} changed (sha256 {got[:12]}..., pinned "
                f"{entry['sha256'][:12]}...): re-measure, then pin the new hash with "
                "`tests/eval_gate.py --rehash --reason ...`")
    return None


def measure(names: list[str], floors: dict[str, Any],
            base: Any = None) -> dict[str, dict[str, float | None]]:
    """Headline figures per gold set, measured in one run (one model load, or ``base``'s: an
    extractor with default options)."""
    from eventwire.evaluate.evaluate import evaluate_paths
    from eventwire.options import build_options

    paths = [gold_path(n, floors) for n in names]
    reports = evaluate_paths(paths, build_options(), base=base)
    return {n: r.headline() for n, r in zip(names, reports)}


def drops(name: str, headline: dict[str, float | None], floors: dict[str, Any]) -> list[str]:
    """Every figure of ``name`` below its floor (or missing), as a message."""
    out = []
    for figure, floor in floors["gold"][name]["floors"].items():
        value = headline.get(figure)
        if value is None or value < floor - TOLERANCE:
            out.append(f"{name}: {figure} is {value if value is None else round(value, 4)}, "
                       f"below its floor {floor}")
    return out


def update_floors(floors: dict[str, Any], measured: dict[str, dict[str, float | None]], *,
                  raise_: bool = False, lower: bool = False, reason: str = "",
                  today: str = "") -> list[str]:
    """Apply ``--raise``/``--lower`` to ``floors`` in place; the drops that remain.

    Raising never lowers a floor; lowering needs a reason and is written to ``history``.
    """
    if lower and not reason:
        raise ValueError("lowering a floor needs a reason")
    history = floors.setdefault("history", [])
    problems = []
    for name, headline in measured.items():
        entry = floors["gold"][name]["floors"]
        for figure, value in headline.items():
            if value is None:
                continue
            old = entry.get(figure)
            new = floor_of(value)
            if raise_ and (old is None or new > old):
                entry[figure] = new
            elif lower and old is not None and value < old - TOLERANCE:
                entry[figure] = new
                history.append({"date": today, "gold": name, "change": figure, "from": old,
                                "to": new, "reason": reason})
        problems.extend(drops(name, headline, floors))
    return problems


def available(floors: dict[str, Any]) -> list[str]:
    return [n for n in floors["gold"] if gold_path(n, floors).is_file()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the gold sets against their floors.")
    parser.add_argument("--raise", dest="raise_", action="store_true",
                        help="Raise floors to the measured figures (never lowers one).")
    parser.add_argument("--lower", action="store_true",
                        help="Lower floors that the measured figures are below (needs --reason).")
    parser.add_argument("--rehash", action="store_true",
                        help="Pin the current hashes of changed gold files (needs --reason).")
    parser.add_argument("--reason", default="", help="Why a floor is lowered or a hash re-pinned.")
    args = parser.parse_args(argv)
    if (args.lower or args.rehash) and not args.reason.strip():
        parser.error("--lower and --rehash need --reason: say why, and repeat it in the commit")
    sys.path.insert(0, str(ROOT))
    from eventwire.evaluate.gold import file_sha256

    floors = load_floors()
    names = available(floors)
    if not names:
        print(f"no gold files under {shared_dir()}; set EVENTWIRE_SHARED", file=sys.stderr)
        return 2
    today = date.today().isoformat()
    history = floors.setdefault("history", [])
    problems: list[str] = []
    for name in names:
        problem = hash_problem(name, floors)
        if problem and args.rehash:
            digest = file_sha256(gold_path(name, floors))
            history.append({"date": today, "gold": name, "change": "sha256",
                            "from": floors["gold"][name]["sha256"], "to": digest,
                            "reason": args.reason.strip()})
            floors["gold"][name]["sha256"] = digest
        elif problem:
            problems.append(problem)
    measured = measure(names, floors)
    for name in names:
        for figure, value in measured[name].items():
            print(f"{name:<12} {figure:<18} {value if value is None else round(value, 4)!s:<8} "
                  f"floor {floors['gold'][name]['floors'].get(figure)}")
    problems.extend(update_floors(floors, measured, raise_=args.raise_, lower=args.lower,
                                  reason=args.reason.strip(), today=today))
    if args.raise_ or args.lower or args.rehash:
        save_floors(floors)
        print(f"wrote {FLOORS}")
    for p in problems:
        print("FAIL " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
