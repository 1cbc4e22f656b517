"""Tests of utils.stance's matrix, tables by outlet and period, and charts."""
from __future__ import annotations


import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from utils import schema  # noqa: E402
from utils import stance as S  # noqa: E402



# ---------------------------------------------------------------------------
# matrix and charts
# ---------------------------------------------------------------------------


def _toy_stances() -> pd.DataFrame:
    rows = []
    for i, (src, tgt, pol, sc) in enumerate([
        ("A", "B", "favour", 0.8), ("A", "B", "against", -0.6), ("A", "B", "favour", 0.4),
        ("C", "B", "against", -0.9), ("C", "tax", "neutral", 0.0),
    ]):
        rows.append({"doc_id": f"d{i % 2}", "stance_id": f"s{i}", "claim_id": "", "source": src, "source_id": src.lower(),
                     "target": tgt, "target_id": tgt.lower(), "target_type": "issue" if tgt == "tax" else "actor",
                     "polarity": pol, "score": sc, "evidence": "", "evidence_start": pd.NA, "evidence_end": pd.NA, "rule": "t"})
    return pd.DataFrame(rows, columns=schema.STANCES)


def test_stance_matrix_counts_and_means():
    m = S.stance_matrix(_toy_stances())
    ab = m[(m.source == "A") & (m.target == "B")].iloc[0]
    assert (ab.n, ab.favour, ab.against, ab.neutral) == (3, 2, 1, 0)
    assert ab.mean_score == pytest.approx(0.2)
    assert ab.net == pytest.approx(1 / 3, abs=1e-3)
    assert m.n.sum() == 5


def test_charts_return_axes():
    import matplotlib.pyplot as plt

    st = _toy_stances()
    docs = pd.DataFrame({"doc_id": ["d0", "d1"], "source": ["Paper A", "Paper B"], "date": ["2015-08-01", "2015-09-03"]})
    for ax in (
        S.plot_stance_heatmap(S.stance_matrix(st)),
        S.plot_target_bars(st),
        S.plot_stance_by(st, docs, by="source"),
        S.plot_stance_by(st, docs, by="date"),
        S.plot_stance_by(st, docs.drop(columns="date"), by="date"),
        S.plot_stance_heatmap(S.stance_matrix(st.iloc[:0])),
    ):
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        plt.close(ax.figure)
    heat = S.plot_stance_heatmap(S.stance_matrix(st))
    texts = {t.get_text() for t in heat.texts}
    assert "3\n+2 −1 =0" in texts  # n, then the counts on a small grid
    plt.close("all")


def _grid_stances(pairs) -> pd.DataFrame:
    """Invented stances: ``pairs`` of (source, target, [scores])."""
    rows = []
    for src, tgt, scores in pairs:
        for sc in scores:
            pol = "favour" if sc > 0 else "against" if sc < 0 else "neutral"
            rows.append({"doc_id": "d0", "stance_id": f"s{len(rows)}", "claim_id": "", "source": src,
                         "source_id": src.lower(), "target": tgt, "target_id": tgt.lower(), "target_type": "actor",
                         "polarity": pol, "score": sc, "evidence": "", "evidence_start": pd.NA,
                         "evidence_end": pd.NA, "rule": "t"})
    return pd.DataFrame(rows, columns=schema.STANCES)


def _ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


def test_heatmap_keeps_sources_as_rows_and_targets_as_columns_whatever_the_shape():
    import matplotlib.pyplot as plt

    wide = _grid_stances([("Ann", f"T{i}", [0.5] * (i + 1)) for i in range(8)])  # 1 source, 8 targets
    tall = _grid_stances([(f"S{i}", "Tax", [-0.5] * (i + 1)) for i in range(8)])  # 8 sources, 1 target
    ax = S.plot_stance_heatmap(S.stance_matrix(wide))
    assert _ticks(ax.get_yticklabels()) == ["Ann"]
    assert _ticks(ax.get_xticklabels()) == [f"T{i}" for i in range(7, -1, -1)]  # most stances first
    assert "source" in ax.get_ylabel() and "target" in ax.get_xlabel()
    ax = S.plot_stance_heatmap(S.stance_matrix(tall))
    assert _ticks(ax.get_yticklabels()) == [f"S{i}" for i in range(7, -1, -1)]
    assert _ticks(ax.get_xticklabels()) == ["Tax"]
    assert "source" in ax.get_ylabel() and "target" in ax.get_xlabel()
    plt.close("all")


def test_heatmap_shows_n_in_every_cell_and_mutes_thin_cells():
    import matplotlib.pyplot as plt

    pairs = [(f"S{i}", f"T{j}", [0.9] * ((i + j) % 5)) for i in range(7) for j in range(7)]  # n 0..4, one stance alone is darkest
    m = S.stance_matrix(_grid_stances(pairs))
    ax = S.plot_stance_heatmap(m, min_n=3)
    grid = S.heatmap_grid(m)
    n = grid["n"]
    cells = [t.get_text() for t in ax.texts if t.get_gid() != "caption"]
    assert sorted(cells) == sorted(str(k) for k in n.to_numpy().ravel() if k)  # n in every non-empty cell, nothing else
    muted = [p for p in ax.patches if p.get_gid() == "muted"]
    assert len(muted) == int(((n > 0) & (n < 3)).to_numpy().sum()) > 0
    assert all(p.get_hatch() for p in muted)
    # a muted cell is paler than a full one of the same mean
    img = ax.images[0].get_array()
    i1, j1 = next((i, j) for i in range(7) for j in range(7) if n.iat[i, j] == 1)
    i4, j4 = next((i, j) for i in range(7) for j in range(7) if n.iat[i, j] == 4)
    assert grid["mean"].iat[i1, j1] == grid["mean"].iat[i4, j4] == pytest.approx(0.9)
    assert sum(img[i1, j1][:3]) > sum(img[i4, j4][:3]) + 0.5
    caption = next(t.get_text() for t in ax.texts if t.get_gid() == "caption")
    assert "mean stance score" in caption and "n < 3" in caption and "stances" in caption
    assert "+ favour" not in caption  # a large grid shows n only, and says only that
    plt.close("all")


def test_heatmap_grid_weights_the_mean_by_n_and_orders_by_stances():
    m = S.stance_matrix(_grid_stances([("A", "X", [1.0, 1.0, -1.0]), ("B", "X", [0.0]), ("B", "Y", [0.5] * 5)]))
    g = S.heatmap_grid(m)
    assert list(g["n"].index) == ["B", "A"] and list(g["n"].columns) == ["Y", "X"]
    assert g["mean"].loc["A", "X"] == pytest.approx(1 / 3, abs=1e-3)
    assert g["n"].loc["A", "Y"] == 0 and pd.isna(g["mean"].loc["A", "Y"])


def _outlet_docs():
    return pd.DataFrame({"doc_id": ["a1", "a2", "b1", "b2", "b3", "b4", "c1"],
                         "source": ["Alpha", "Alpha", "Beta", "Beta", "Beta", "Beta", pd.NA],
                         "date": pd.to_datetime(["2015-01-28", "2015-02-10", "2015-02-11", "2015-03-02",
                                                 "2015-03-20", "2015-04-03", "2015-04-03"])})


def _stances_in(docs: dict) -> pd.DataFrame:
    """``{doc_id: [polarity, ...]}`` as invented stances."""
    sc = {"favour": 0.5, "against": -0.5, "neutral": 0.0}
    return pd.concat([_grid_stances([("A", "B", [sc[p]])]).assign(doc_id=d) for d, pols in docs.items() for p in pols],
                     ignore_index=True).assign(stance_id=lambda f: [f"s{i}" for i in range(len(f))])


def test_stance_by_outlet_is_per_article_of_the_outlet():
    st = _stances_in({"a1": ["favour", "against", "against"], "a2": ["favour"], "b1": ["against", "neutral"], "c1": ["favour"]})
    t = S.stance_by(st, _outlet_docs(), by="source")
    assert list(t.columns) == ["source", "polarity", "n", "articles", "stances", "per_article", "share", "mean_score"]
    alpha = t[t.source == "Alpha"].set_index("polarity")
    beta = t[t.source == "Beta"].set_index("polarity")
    assert alpha.loc["favour", ["n", "articles", "stances"]].tolist() == [2, 2, 4]
    assert alpha.loc["against", "per_article"] == pytest.approx(1.0)
    assert alpha.loc["neutral", "n"] == 0  # every polarity listed
    assert beta.loc["against", "articles"] == 4  # articles without a stance count
    assert beta.loc["against", "per_article"] == pytest.approx(0.25)
    assert beta.loc["neutral", "share"] == pytest.approx(0.5)
    assert set(t.source) == {"Alpha", "Beta"}  # no outlet, no row
    import matplotlib.pyplot as plt

    ax = S.plot_stance_by(st, _outlet_docs(), by="source")
    assert "per article" in ax.get_xlabel()
    assert {t.get_text() for t in ax.texts} == {"n=4 stances · 2 articles", "n=2 stances · 4 articles"}
    plt.close("all")


def test_stance_by_time_lists_every_period_and_flags_partial_ones():
    st = _stances_in({"a1": ["favour"], "a2": ["against", "against"], "b4": ["neutral"]})
    t = S.stance_by(st, _outlet_docs(), by="date", freq="M")
    months = t.drop_duplicates("date")
    assert [d.strftime("%Y-%m") for d in months.date] == ["2015-01", "2015-02", "2015-03", "2015-04"]
    assert months.partial.tolist() == [True, False, False, True]  # the corpus runs 28 Jan to 3 Apr
    assert months.articles.tolist() == [1, 2, 2, 2]
    feb = t[(t.date == "2015-02-01")].set_index("polarity")
    assert feb.loc["against", "per_article"] == pytest.approx(1.0)
    mar = t[(t.date == "2015-03-01")]
    assert (mar.n == 0).all() and (mar.per_article == 0).all()
    # seven articles in ten weeks are too few for weekly shares: auto picks months
    assert len(S.stance_by(st, _outlet_docs(), by="date").drop_duplicates("date")) == 4
    weeks = S.stance_by(st, _outlet_docs(), by="date", freq="W")  # weeks run Monday to Sunday
    starts = weeks.drop_duplicates("date").date
    assert len(starts) == 10 and all(d.day_of_week == 0 for d in starts)
    assert weeks.drop_duplicates("date").partial.tolist() == [True] + [False] * 8 + [True]


def test_stance_over_time_chart_labels_periods_and_draws_points_when_few():
    import matplotlib.pyplot as plt

    st = _stances_in({"a1": ["favour"], "a2": ["against", "against"], "b4": ["neutral"]})
    ax = S.plot_stance_by(st, _outlet_docs(), by="date", freq="M")
    plt.gcf().canvas.draw()
    assert not ax.lines  # four periods: points, no lines
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels[:4] == ["Jan\n2015", "Feb\n2015", "Mar\n2015", "Apr\n2015"]
    assert "month" in ax.get_xlabel() and ax.get_ylabel() == "stances per article"
    assert len(ax.patches) == 2  # the partial first and last months are shaded
    ax = S.plot_stance_by(st, _outlet_docs(), by="date", freq="W")
    assert len(ax.lines) == 3 and "week" in ax.get_xlabel()
    plt.close("all")
