"""Tests of utils.stance's data files (lexicon and issue validation) and of
sentiment_toward (lexicon, light model and the default encoder)."""
from __future__ import annotations

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from utils import paths  # noqa: E402
from utils import stance as S  # noqa: E402



# ---------------------------------------------------------------------------
# data files
# ---------------------------------------------------------------------------


def test_default_lexicon_and_issues_load():
    lex = S.load_lexicon()
    cats = {e.category for e in lex.entries}
    assert {"support", "oppose", "negator", "contrast", "rhetorical", "harm"} <= cats
    iss = S.load_issues()
    names = [i.name for i in iss.issues]
    assert "Labour leadership selection process" in names
    assert len(names) >= 6
    text = "Critics attacked the selection process and the plan to pay £3 for a vote on immigration."
    found = {i.name for _, _, i in iss.matches(text)}
    assert found == {"Labour leadership selection process", "immigration and asylum"}


@pytest.mark.parametrize(
    "row, message",
    [
        ("praise,support,1,", "duplicate"),
        ("cheer,supprt,1,", "category"),
        ("cheer,support,heavy,", "weight"),
        ("ch*er,support,1,", "only at the end"),
    ],
)
def test_lexicon_validation_names_file_line_field(tmp_path, row, message):
    p = tmp_path / "lex.csv"
    p.write_text("# comment\nterm,category,weight,note\npraise,support,1,\n" + row + "\n", encoding="utf-8")
    with pytest.raises(S.StanceDataError) as exc:
        S.load_lexicon(p)
    assert str(p) in str(exc.value) and "line 4" in str(exc.value) and message in str(exc.value)


@pytest.mark.parametrize(
    "body, message",
    [
        ("issues:\n  - terms: [tax]\n", "name"),
        ("issues:\n  - name: Tax\n", "at least one term"),
        ("issues:\n  - name: Tax\n    terms: [tax]\n    colour: red\n", "unknown field"),
        ("issues:\n  - name: Tax\n    patterns: ['(tax']\n", "bad regex"),
        ("issues:\n  - name: Tax\n    patterns: ['(a+)+b']\n", "nested quantifier"),
        ("issues:\n  - name: Tax\n    terms: [tax]\n  - name: Tax\n    terms: [vat]\n", "duplicate"),
        ("issues: [unclosed\n", "YAML"),
        ("topics: []\n", "issues"),
    ],
)
def test_issue_validation(tmp_path, body, message):
    p = tmp_path / "issues.yaml"
    p.write_text(body if body.startswith(("topics", "issues: [")) else 'version: "1"\n' + body, encoding="utf-8")
    with pytest.raises(S.StanceDataError) as exc:
        S.load_issues(p)
    assert str(p) in str(exc.value) and message in str(exc.value)


# ---------------------------------------------------------------------------
# sentiment_toward
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("start, end", [(-1, 3), (0, 0), (5, 2), (0, 10_000), (0.5, 3), (True, 3)])
def test_sentiment_toward_bad_offsets(start, end):
    with pytest.raises(ValueError):
        S.sentiment_toward("Anna Pike spoke.", start, end)


@pytest.mark.parametrize("method", ["lexicon", "auto"])
def test_sentiment_toward_labels_and_signs(method):
    cases = [
        ("Supporters praised Anna Pike for her brave and honest campaign.", "Anna Pike", "positive"),
        ("Critics slammed Tom Reyes over the corruption scandal.", "Tom Reyes", "negative"),
    ]
    for sent, tgt, want in cases:
        s = sent.index(tgt)
        label, score = S.sentiment_toward(sent, s, s + len(tgt), method=method)
        assert label == want, (sent, method, label, score)
        assert -1 <= score <= 1 and (score > 0) == (label == "positive")


def test_sentiment_toward_uses_the_targets_own_sentence():
    text = ("Voters adore Anna Pike, a wonderful and generous leader. "
            "Tom Reyes was condemned as a disgraceful liar.")
    a = text.index("Anna Pike")
    t = text.index("Tom Reyes")
    assert S.sentiment_toward(text, a, a + 9, method="lexicon")[0] == "positive"
    assert S.sentiment_toward(text, t, t + 9, method="lexicon")[0] == "negative"


def test_sentiment_toward_contrast_and_negation():
    t = "He holds sincere views about Lena Ostrova, but I cannot see how she will ever persuade anyone."
    s = t.index("she")
    assert S.sentiment_toward(t, s, s + 3, method="lexicon")[0] == "negative"
    t2 = "Nobody thinks Omar Blake is not a good man."
    s2 = t2.index("Omar Blake")
    label, _ = S.sentiment_toward(t2, s2, s2 + 10, method="lexicon")
    assert label in ("negative", "neutral")


def test_sentiment_toward_survives_odd_text():
    odd = "🙂 ÖZIL 中文 " * 50 + "anna pike" + " 🙂" * 2000
    s = odd.index("anna pike")
    label, score = S.sentiment_toward(odd, s, s + 9)
    assert label in S.LABELS and -1 <= score <= 1




def test_newsmtsc_script_skips_without_dataset(tmp_path):
    r = subprocess.run([sys.executable, "-m", "evaluation.newsmtsc"], cwd=paths.ROOT,
                       env={"WSW_DATASETS": str(tmp_path), "PATH": ""}, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("skipped: dataset not found at")
