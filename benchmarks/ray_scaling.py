"""Documents/s per Ray worker: the dev dumps (x4) through `map_batches(NewscleanBatch)` with 1 and 2
workers on a local Ray instance.  python benchmarks/ray_scaling.py  (needs `pip install -e '.[ray]'`)"""
import sys
import time
from pathlib import Path

import ray

from cleaner.integrations.ray import NewscleanBatch

ROOT = Path(__file__).resolve().parents[1]
DUMPS = ROOT.parent / "shared" / "bench" / "aeb" / "dumps"


def main() -> int:
    if not DUMPS.is_dir():
        print(f"dev set not found at {DUMPS}", file=sys.stderr)
        return 2
    rows = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted(DUMPS.glob("*.txt"))] * 4
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        for workers in (1, 2):
            ds = ray.data.from_items(rows).map_batches(
                NewscleanBatch, fn_constructor_kwargs={"text_column": "text", "url_column": None,
                                                       "input_format": "text"},
                batch_format="pandas", batch_size=32, concurrency=workers)
            started = time.perf_counter()
            n = len(ds.take_all())
            rate = n / (time.perf_counter() - started)
            print(f"{workers} worker(s): {rate:.1f} docs/s in all, {rate / workers:.1f} per worker (startup included)")
    finally:
        ray.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
