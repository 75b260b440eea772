"""How the review server copes with a big queue: prints timings for 10,000 values (no assertions).

    PYTHONPATH=. python scripts/review_scale.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baocao.batch import run_batch  # noqa: E402
from baocao.review.app import create_app, load_state  # noqa: E402


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        run_batch([ROOT / "samples" / "district_2011_2020_summary.txt"], out)
        values = pd.read_parquet(out / "values.parquet")
        copies = []
        for i in range(n // len(values) + 1):
            c = values.copy()
            c["report_id"], c["source_file"], c["flags"] = f"{i:016x}", c["source_file"] + f".{i}", "period_unknown"
            copies.append(c)
        pd.concat(copies, ignore_index=True).iloc[:n].to_parquet(out / "values.parquet", index=False)
        t = time.perf_counter()
        state = load_state(out, reviewer="bench")
        print(f"load_state, {len(state.queue)} values in the queue: {time.perf_counter() - t:.2f} s")
        c = create_app(state).test_client()
        t = time.perf_counter()
        c.get(f"/?token={state.token}")
        print(f"first page (HTML, 100 rows): {1000 * (time.perf_counter() - t):.0f} ms")
        t = time.perf_counter()
        c.get("/api/queue?offset=9900&limit=100")
        print(f"one page of 100 (JSON): {1000 * (time.perf_counter() - t):.0f} ms")
        vids = state.queue["value_id"].iloc[:50]
        t = time.perf_counter()
        for v in vids:
            c.post("/api/decisions", json={"value_id": v, "decision": "confirmed"}, headers={"X-XSRF-Token": state.xsrf})
        print(f"one decision (POST, with the summary it returns): {1000 * (time.perf_counter() - t) / len(vids):.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
