"""What a record page costs the server, counted rather than timed: database statements and Python
function calls per page, for a worker's first view of it and for a kept one.

    .venv/bin/python benchmarks/record_reads.py [--items 3000] [--records 3000]

The archive and the record pages of benchmarks/web.py, each page asked once in-process through
the app's ASGI interface (as benchmarks/page_cost.py does). Counts do not move with other work on
a shared machine, where the times of two runs of the same code can differ by a fifth. The first
views follow one request for every page, so the texts they quote are the ones a worker that has
served for a while keeps (``docket.evidence.kept_texts``), as on a running server.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).parent))

from docket.archive import Archive
from docket.kept import Remembered
from docket.web import WebSettings, create_app
from page_cost import _inline_threadpool, _timed
from web import paths_of, prepare

# More than the benchmark's 500 record pages: every one stays kept.
KEPT = 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=3_000)
    parser.add_argument("--records", type=int, default=3_000)
    args = parser.parse_args()
    settings, cookie, record_ids = prepare(args.items, args.records)
    paths = paths_of(record_ids)["record"]
    archive = Archive.open(settings)
    try:
        for name, kept in (("first view", 0), ("kept", KEPT)):
            app = create_app(archive, WebSettings(secure_cookies=False))
            app.state.workspace.record_pages = Remembered(kept=kept)
            # Every page once: what is kept in the process is there, as on a running server.
            asyncio.run(_timed(app, cookie, paths, 0))
            statements = 0

            def counted(*_: object) -> None:
                nonlocal statements
                statements += 1

            event.listen(archive.kernel.engine, "before_cursor_execute", counted)
            profiler = cProfile.Profile()
            try:
                with _inline_threadpool():
                    profiler.enable()
                    asyncio.run(_timed(app, cookie, paths, 0))
                    profiler.disable()
            finally:
                event.remove(archive.kernel.engine, "before_cursor_execute", counted)
            calls = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
            print(
                f"{name:<10}  {statements / len(paths):6.2f} statements  "
                f"{calls / len(paths):8,.0f} function calls per page ({len(paths)} pages)"
            )
    finally:
        archive.close()


if __name__ == "__main__":
    main()
