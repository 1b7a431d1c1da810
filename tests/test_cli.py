import json

import pytest

from cleaner.cli import main
from cleaner.evaluate import DocScore, evaluate, score_document, shingles, summarize

DUMP = """Harbour Reopens After Storm

The harbour reopened on Tuesday after two days of storms, and the first ferries left on time with hundreds of passengers who had waited since the weekend.

Officials said inspectors found no serious damage to the piers, although one crane will need repairs before the cargo season begins next month.

Leave a Reply
Your email address will not be published.
"""


def _seed_tree(tmp_path):
    seeds, golden = tmp_path / "seeds", tmp_path / "golden"
    seeds.mkdir()
    golden.mkdir()
    (seeds / "harbour.txt").write_text(DUMP, encoding="utf-8")
    return seeds, golden


def test_golden_check_fails_without_golden_then_update_then_passes(tmp_path, capsys):
    seeds, golden = _seed_tree(tmp_path)
    assert main(["golden", "check", "--seeds", str(seeds), "--golden", str(golden)]) == 1
    assert "no golden" in capsys.readouterr().err
    assert main(["golden", "update", "--seeds", str(seeds), "--golden", str(golden)]) == 0
    assert "updated golden for harbour.txt" in capsys.readouterr().out
    text = (golden / "harbour.txt").read_text(encoding="utf-8")
    assert text.startswith("Harbour Reopens After Storm\n") and "Leave a Reply" not in text
    assert json.loads((golden / "harbour.json").read_text())["title"] == "Harbour Reopens After Storm"
    assert main(["golden", "check", "--seeds", str(seeds), "--golden", str(golden)]) == 0


def test_golden_check_shows_a_unified_diff(tmp_path, capsys):
    seeds, golden = _seed_tree(tmp_path)
    main(["golden", "update", "--seeds", str(seeds), "--golden", str(golden)])
    (golden / "harbour.txt").write_text("Harbour Reopens After Storm\n", encoding="utf-8")
    assert main(["golden", "check", "--seeds", str(seeds), "--golden", str(golden)]) == 1
    err = capsys.readouterr().err
    assert f"--- {golden}/harbour.txt" in err and "+The harbour reopened" in err  # the folder given


def test_golden_without_seed_fails(tmp_path, capsys):
    seeds, golden = _seed_tree(tmp_path)
    main(["golden", "update", "--seeds", str(seeds), "--golden", str(golden)])
    (golden / "orphan.txt").write_text("x\n", encoding="utf-8")
    assert main(["golden", "check", "--seeds", str(seeds), "--golden", str(golden)]) == 1
    assert "orphan.txt has no seed" in capsys.readouterr().err


def test_measure_matches_the_benchmark_definition():
    assert sum(shingles("a b c").values()) == 1  # fewer than 4 tokens: one shingle
    assert sum(shingles("a b c d e").values()) == 2
    s = score_document("x", "one two three four five", "one two three four six")
    assert (s.tp, s.fp, s.fn) == (1 / 3, 1 / 3, 1 / 3)
    perfect = summarize([DocScore("a", 0.0, 0.0, 0.0)])
    assert perfect.f1 == 1.0  # fp = fn = 0 scores 1
    summary = evaluate({"a": "one two three four"}, {"a": "one two three four", "b": "x y z w"})
    assert summary.documents == 2 and summary.per_document[0].doc_id == "b"  # worst first


def test_eval_command_reads_a_jsonl_and_prints_worst_first(tmp_path, capsys):
    gold = tmp_path / "gt.json"
    gold.write_text(json.dumps({"a": {"articleBody": "the cat sat on the mat"},
                                "b": {"articleBody": "dogs bark at night in town"}}))
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"id": "a", "body": "the cat sat on the mat"}) + "\n"
                     + json.dumps({"id": "b", "body": "nothing alike here at all"}) + "\n")
    assert main(["eval", str(preds), "--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "documents 2" in out and out.index("  b ") < out.index("  a ")


def test_users_golden_check_with_their_own_site_rules(capsys):
    from pathlib import Path

    ex = Path(__file__).resolve().parents[1] / "examples" / "user-rules"
    args = ["golden", "check", "--seeds", str(ex / "seeds"), "--golden", str(ex / "golden")]
    assert main(args + ["--rules", str(ex / "rules")]) == 0
    assert main(args) == 1  # without the site pack the promo line stays: the golden catches it
    assert "+Harbour Times readers get" in capsys.readouterr().err


def test_user_rule_with_a_wrong_example_fails_golden_check(tmp_path, capsys):
    seeds, golden = _seed_tree(tmp_path)
    main(["golden", "update", "--seeds", str(seeds), "--golden", str(golden)])
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.toml").write_text('[[rule]]\nid = "mine.promo"\nkind = "drop-line"\nmatch = "phrase"\n'
                                     'phrases = ["buy now"]\nexamples.drop = ["Buy later"]\nexamples.keep = ["x y z"]\n')
    assert main(["golden", "check", "--seeds", str(seeds), "--golden", str(golden), "--rules", str(rules)]) == 1
    assert "should drop 'Buy later'" in capsys.readouterr().err


def test_snippet_measure_sums_counts_over_pages():
    from cleaner.evaluate import evaluate_snippets, score_snippets, snippet_text

    assert snippet_text("Für den  Mürbeteig:\n200 g") == "für den mürbeteig 200 g"
    page = score_snippets("a", "Das Rezept. Für den Mürbeteig: 200 g Mehl", ["für den Mürbeteig", "Zucker"], ["Rezept"])
    assert (page.tp, page.fn, page.fp, page.tn) == (1, 1, 1, 0) and page.missed == ("Zucker",)
    snippets = {"a": {"with": ["the cat sat"], "without": ["share this"]},
                "b": {"with": ["dogs bark"], "without": ["cookie policy"]}}
    summary = evaluate_snippets({"a": "The cat sat. Share this!"}, snippets)  # b missing: empty
    assert (summary.tp, summary.fp, summary.fn, summary.tn) == (1, 1, 1, 1)
    assert summary.precision == summary.recall == summary.f1 == summary.accuracy == 0.5
    assert [s.doc_id for s in summary.per_document] == ["b", "a"]  # worst first


def test_eval_snippets_command_scores_the_body_of_json_outputs(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "p1.json").write_text(json.dumps({"title": "Storm Warning", "body": "The harbour reopened on Tuesday."}))
    snippets = tmp_path / "evaldata.json"
    snippets.write_text(json.dumps({"p1": {"with": ["harbour reopened"], "without": ["Storm Warning"]}}))
    assert main(["eval", str(out), "--snippets", str(snippets)]) == 0
    assert "F1 1.0000" in capsys.readouterr().out  # the title is not scored
    assert main(["eval", str(out), "--snippets", str(snippets), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tn"] == 1


def test_snippet_baseline_on_the_multilingual_dev_set(bench_dir, tmp_path):
    """The whole traf dev set through the text path: far above no cleaning (0.684)."""
    from cleaner.evaluate import evaluate_snippets, load_predictions, load_snippets

    traf = bench_dir.parent / "traf"
    if not (traf / "evaldata.json").is_file():
        pytest.skip(f"multilingual dev set not found at {traf}")
    out = tmp_path / "out"
    assert main(["clean", str(traf / "dumps"), "-o", str(out), "--input-format", "text", "--format", "jsonl",
                 "--no-progress", "-j", "1"]) == 0
    summary = evaluate_snippets(load_predictions(out), load_snippets(traf / "evaldata.json"))
    assert summary.documents == 506 and summary.f1 >= 0.84
