"""Regenerate docs/explorer.png: the explorer over an event database, in Debian's Chromium.

    python scripts/screenshot.py --db demo.db --out docs/explorer.png      (`make screenshot`)

Serves the API and the built page on a free loopback port, opens it at 1440x900 in headless
Chromium (playwright-core, tests/browser/explorer.mjs), opens the newest event's evidence and
saves the window. Needs `make assets` and /usr/bin/chromium (apt-get install chromium).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
import harness  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="the event database to show (a path or URL)")
    parser.add_argument("--out", default="docs/explorer.png", help="where to write the PNG")
    args = parser.parse_args(argv)
    problem = harness.missing_tools()
    if problem:
        print(f"screenshot.py: {problem}", file=sys.stderr)
        return 1
    if "://" not in args.db and not Path(args.db).is_file():
        print(f"screenshot.py: {args.db} does not exist: run `make demo` first", file=sys.stderr)
        return 1
    out = Path(args.out).resolve()
    with harness.serving(harness.explorer_app(args.db)) as url:
        seen = harness.drive("screenshot", url, str(out))
    if seen["exit"] != 0 or seen.get("offHost") or seen.get("consoleErrors"):
        print(f"screenshot.py: the page did not render cleanly: {seen.get('failure')} "
              f"{seen.get('offHost')} {seen.get('consoleErrors')}\n{seen['stderr']}",
              file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
