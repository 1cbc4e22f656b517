"""Summaries for notebook 03: claims per actor, a readable claims table, the bar chart.
"""
from __future__ import annotations

import pandas as pd

from utils.claims.tables import attributions


# ---------------------------------------------------------------------------
# Summaries for the notebook
# ---------------------------------------------------------------------------


def claims_per_actor(claims: pd.DataFrame, actors: pd.DataFrame | None = None, *, n: int = 20) -> pd.DataFrame:
    """Claims per speaker and kind (top ``n`` speakers), with the actor's type and party.
    A claim quoted in several parts counts once (see :func:`attributions`).

    Args:
        claims: the claims table (``schema.CLAIMS``).
        actors: the actors table (``schema.ACTORS``); optional.
        n: how many speakers to keep (most claims first).

    Returns:
        Columns ``speaker, speaker_id, kind, claims, total, type, party`` (one row
        per speaker and kind), sorted by ``total`` then speaker.
    """
    cols = ["speaker", "speaker_id", "kind", "claims", "total", "type", "party"]
    claims = attributions(claims)  # count claims, not the parts of a quote
    c = claims[claims["speaker"].fillna("") != ""] if len(claims) else claims
    if c is None or not len(c):
        return pd.DataFrame(columns=cols)
    c = c.assign(speaker_id=c["speaker_id"].fillna(""))
    g = c.groupby(["speaker", "speaker_id", "kind"]).size().rename("claims").reset_index()
    tot = g.groupby(["speaker", "speaker_id"])["claims"].sum().rename("total").reset_index()
    top = tot.sort_values(["total", "speaker"], ascending=[False, True]).head(n)
    g = g.merge(top, on=["speaker", "speaker_id"], how="inner")
    g = _with_actor_info(g, actors)
    return g.sort_values(["total", "speaker", "kind"], ascending=[False, True, True], ignore_index=True)[cols]


def _with_actor_info(df: pd.DataFrame, actors: pd.DataFrame | None) -> pd.DataFrame:
    if actors is not None and len(actors) and "actor_id" in actors:
        info = actors[["actor_id", "type", "party"]].drop_duplicates("actor_id")
        df = df.merge(info, left_on="speaker_id", right_on="actor_id", how="left").drop(columns="actor_id")
    else:
        df = df.assign(type=pd.NA, party=pd.NA)
    df["type"] = df["type"].fillna("unresolved").replace("", "unresolved")
    df["party"] = df["party"].fillna("").replace("", "none / unknown")
    return df


def claims_table(claims: pd.DataFrame, *, width: int | None = 120) -> pd.DataFrame:
    """A readable view of claims, one row per claim (its parts joined, see
    :func:`attributions`): speaker, kind, cue, content (cut at ``width`` characters;
    whole with ``width=None``, as a searchable table wants), parts, rule, confidence."""
    if claims is None or not len(claims):
        return pd.DataFrame(columns=["doc_id", "paragraph", "speaker", "kind", "cue", "content", "n_parts", "rule",
                                     "confidence"])
    v = attributions(claims)[["doc_id", "paragraph", "speaker", "speaker_text", "kind", "cue", "content", "n_parts",
                              "rule", "confidence"]].copy()
    v["speaker"] = v["speaker"].where(v["speaker"].fillna("") != "", "(" + v["speaker_text"].fillna("?") + ")")
    v["content"] = v["content"].str.replace(r"\s+", " ", regex=True)
    if width:
        long = v["content"].str.len() > width
        v.loc[long, "content"] = v.loc[long, "content"].str.slice(0, width - 1) + "…"
    return v.drop(columns="speaker_text").reset_index(drop=True)


def plot_claims_per_actor(per_actor: pd.DataFrame, *, palette: dict | None = None, hue_order=None, ax=None):
    """Stacked horizontal bars: claims per speaker split by kind (seaborn).

    Args:
        per_actor: output of :func:`claims_per_actor` (not modified).
        palette: colour per kind; hue_order: kinds in stacking order.
        ax: an existing Axes, else a new figure sized to the number of speakers.

    Returns:
        The matplotlib ``Axes``.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    data = per_actor.astype({"speaker": str, "kind": str})
    order = data.drop_duplicates("speaker").sort_values(["total", "speaker"], ascending=[False, True])["speaker"]
    data = data.assign(speaker=pd.Categorical(data["speaker"], categories=list(order), ordered=True))
    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(2.5, 0.35 * len(order) + 1.2)))
    sns.histplot(data=data, y="speaker", hue="kind", weights="claims", multiple="stack", discrete=True,
                 shrink=0.8, palette=palette, hue_order=hue_order, ax=ax)
    ax.set(title="Claims per speaker", xlabel="claims", ylabel="speaker")
    if ax.get_legend() is not None:
        sns.move_legend(ax, "upper left", bbox_to_anchor=(1.01, 1), title="kind", frameon=False)
    return ax
