"""datatrove and Ray Data adapters, each run on its real engine (skipped when not installed)."""
import json
from pathlib import Path

import pytest

from cleaner import clean

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))[:6]


def test_datatrove_step_with_local_executor(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.integrations.datatrove import NewscleanStep

    docs = [Document(text=p.read_text(encoding="utf-8"), id=p.name) for p in SEEDS]
    step = NewscleanStep(keep_languages={"en"})
    executor = LocalPipelineExecutor(pipeline=[docs, step, JsonlWriter(str(tmp_path / "out"), compression=None)],
                                     tasks=1, logging_dir=str(tmp_path / "logs"))
    executor.run()
    rows = [json.loads(line) for f in sorted((tmp_path / "out").glob("*.jsonl")) for line in f.open()]
    expected = {p.name: clean(p.read_bytes()) for p in SEEDS}
    kept = {n for n, r in expected.items() if r.language == "en"}
    assert {r["id"] for r in rows} == kept
    for r in rows:
        assert r["text"] == expected[r["id"]].text and r["metadata"]["title"] == expected[r["id"]].title
        assert r["metadata"]["kind"] == "article" and r["metadata"]["kind_reason"] == "kind.prose"
    stats = json.loads(next((tmp_path / "logs" / "stats").glob("*.json")).read_text())
    assert "removed.related.heading" in json.dumps(stats)


def test_datatrove_counts_kinds_and_keeps_articles(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.integrations.datatrove import NewscleanStep

    seeds = SEEDS[0].parent
    names = ["041_listing_tag_page_de.txt", "045_empty_paywall_stub_de.txt", "005_de_regionalzeitung.txt"]
    docs = [Document(text=(seeds / n).read_text(encoding="utf-8"), id=n) for n in names]
    executor = LocalPipelineExecutor(pipeline=[docs, NewscleanStep(keep_kinds={"article"}),
                                               JsonlWriter(str(tmp_path / "out"), compression=None)],
                                     tasks=1, logging_dir=str(tmp_path / "logs"))
    executor.run()
    rows = [json.loads(line) for f in sorted((tmp_path / "out").glob("*.jsonl")) for line in f.open()]
    assert [r["id"] for r in rows] == ["005_de_regionalzeitung.txt"] and rows[0]["metadata"]["kind"] == "article"
    stats = json.dumps(json.loads(next((tmp_path / "logs" / "stats").glob("*.json")).read_text()))
    assert all(f"kind.{k}" in stats for k in ("article", "listing", "empty")) and "dropped.kind" in stats


def test_ray_map_batches_matches_single_process(tmp_path):
    ray = pytest.importorskip("ray")
    pytest.importorskip("pandas")
    from cleaner.integrations.ray import NewscleanBatch

    rows = [{"id": p.name, "text": p.read_text(encoding="utf-8"), "source": "seeds"} for p in SEEDS]
    ray.init(num_cpus=2, include_dashboard=False, ignore_reinit_error=True, log_to_driver=False)
    try:
        ds = ray.data.from_items(rows).map_batches(
            NewscleanBatch, fn_constructor_kwargs={"text_column": "text", "url_column": None},
            batch_format="pandas", concurrency=2)
        out = sorted(ds.take_all(), key=lambda r: r["id"])
    finally:
        ray.shutdown()
    for row in out:
        expected = clean((SEEDS[0].parent / row["id"]).read_bytes())
        assert row["text"] == expected.text and row["title"] == expected.title and row["source"] == "seeds"
        assert row["kind"] == expected.kind and list(row["authors"]) == expected.authors
