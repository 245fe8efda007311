"""The before/after comparison of `graphapp extract` says whether a speed change kept every output byte."""

from __future__ import annotations

from bench.bench_extract_change import compare_outputs


def test_identical_outputs_and_the_first_differing_line(tmp_path):
    base, this = tmp_path / "base.jsonl", tmp_path / "this.jsonl"
    base.write_text('{"id": "a"}\n{"id": "b"}\n', encoding="utf-8")
    this.write_text('{"id": "a"}\n{"id": "b"}\n', encoding="utf-8")
    assert compare_outputs(base, this) == "identical"
    this.write_text('{"id": "a"}\n{"id": "c"}\n', encoding="utf-8")
    assert compare_outputs(base, this) == "DIFFER from line 2"
    this.write_text('{"id": "a"}\n{"id": "b"}\n{"id": "d"}\n', encoding="utf-8")
    assert compare_outputs(base, this) == "DIFFER from line 3"  # one output longer than the other
