"""The optional supervised method: TF-IDF + dictionary-score features with
one-vs-rest logistic regression (:func:`train_classifier`), thresholds and a
frames-per-text rule tuned on inner folds, :func:`cross_validate`,
:func:`classify_documents` (rows in the ``frames`` table shape), saving and loading.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from utils import schema
from utils.framing.codebook import (_EMPTY, _NAME, load_codebook)
from utils.framing.matching import text_frame_scores


def read_coded_csv(path: str | Path) -> tuple[list[str], list[list[str]]]:
    """Read analyst-coded texts: a CSV with columns ``text`` and ``frames``
    (frame names joined by "; ", may be empty).

    Raises:
        ValueError: naming the file, line and field when a row is malformed.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("text", "frames"):
        if col not in df.columns:
            raise ValueError(f"{path}: missing column '{col}' (need text, frames)")
    texts, labels = [], []
    for i, (t, f) in enumerate(zip(df["text"], df["frames"])):
        if not t.strip():
            raise ValueError(f"{path}: line {i + 2}: field 'text' is empty")
        names = [x.strip() for x in f.split(";") if x.strip()]
        bad = [x for x in names if not _NAME.match(x)]
        if bad:
            raise ValueError(f"{path}: line {i + 2}: field 'frames': '{bad[0]}' is not a snake_case frame name")
        texts.append(t)
        labels.append(names)
    return texts, labels


class DictionaryFeatures:
    """scikit-learn transformer: dictionary frame scores of each text (0.3 * log(1 + score)).

    The codebook is read when the transformer is fitted and kept inside it, so a
    saved classifier does not change when ``data/frames.yaml`` is edited later.
    """

    _cache: dict = {}

    def __init__(self, codebook_path: str | None = None):
        self.codebook_path = codebook_path

    def fit(self, X, y=None):  # noqa: D102 - sklearn API
        self.codebook_ = load_codebook(self.codebook_path)
        return self

    def transform(self, X):  # noqa: D102 - sklearn API
        from scipy import sparse

        cb = getattr(self, "codebook_", None) or load_codebook(self.codebook_path)
        key = (cb.version, cb.path, len(cb.frames))
        rows = []
        for t in X:
            k = (key, hash(t))
            v = self._cache.get(k)
            if v is None:
                v = 0.3 * np.log1p(text_frame_scores(t, codebook=cb))
                if len(self._cache) > 50_000:
                    self._cache.clear()
                self._cache[k] = v
            rows.append(v)
        return sparse.csr_matrix(np.vstack(rows) if rows else np.zeros((0, len(cb.frames))))

    def get_params(self, deep=True):  # noqa: D102 - sklearn API
        return {"codebook_path": self.codebook_path}

    def set_params(self, **params):  # noqa: D102 - sklearn API
        for k, v in params.items():
            setattr(self, k, v)
        return self


@dataclass
class FrameClassifier:
    """A trained multi-label frame classifier (one binary model per frame).

    A frame is present when its probability reaches its threshold; with
    ``min_frames``/``max_frames`` (the ``cardinality`` decision rule) every text
    also gets its ``min_frames`` best frames and at most ``max_frames`` frames,
    frames ranked by probability / threshold.
    """

    frames: list[str]
    pipeline: Any
    thresholds: np.ndarray
    scheme: str = "policy"
    codebook_version: str = ""
    meta: dict = field(default_factory=dict)
    min_frames: int = 0
    max_frames: int | None = None

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probability of each frame (columns in ``self.frames`` order)."""
        return _proba(self.pipeline, list(texts))

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """Boolean matrix: frame present per text (thresholds plus the min/max frames rule)."""
        return self.decide(self.predict_proba(texts))

    def decide(self, P: np.ndarray) -> np.ndarray:
        """Apply the decision rule to a probability matrix (texts x frames)."""
        # getattr: classifiers saved before min_frames/max_frames existed
        return _decide(P, self.thresholds, getattr(self, "min_frames", 0), getattr(self, "max_frames", None))


def _decide(P: np.ndarray, thresholds: np.ndarray, min_frames: int = 0, max_frames: int | None = None) -> np.ndarray:
    """Present = probability >= threshold, or among the ``min_frames`` best; never more than ``max_frames``.

    >>> _decide(np.array([[0.9, 0.2, 0.1], [0.1, 0.1, 0.1]]), np.full(3, 0.5), 1, 2).tolist()
    [[True, False, False], [True, False, False]]
    """
    P = np.asarray(P, dtype=float)
    thr = np.maximum(np.asarray(thresholds, dtype=float), 1e-9)
    pred = P >= thr
    if not P.size or (min_frames <= 0 and (max_frames is None or max_frames >= P.shape[1])):
        return pred
    order = np.argsort(-(P / thr), axis=1, kind="stable")
    rank = np.empty_like(order)
    rank[np.arange(P.shape[0])[:, None], order] = np.arange(P.shape[1])[None, :]
    pred |= rank < min_frames
    if max_frames is not None:
        pred &= rank < max_frames
    return pred


def _proba(pipe, texts: list[str]) -> np.ndarray:
    return np.column_stack([est.predict_proba(_features(pipe, texts))[:, 1] if hasattr(est, "predict_proba")
                            else np.full(len(texts), float(est)) for est in pipe["models"]])


def _features(pipe, texts: list[str]):
    return pipe["features"].transform(texts)


def _make_features(*, use_dictionary: bool, codebook_path: str | None, max_features: int):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    parts = [("tfidf", TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2, max_df=0.9,
                                       max_features=max_features, stop_words="english",
                                       token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b"))]
    if use_dictionary:
        parts.append(("dictionary", DictionaryFeatures(codebook_path)))
    return FeatureUnion(parts)


def _fit_models(X, Y: np.ndarray, *, C: float, seed: int, class_weight: str | None = None) -> list:
    from sklearn.linear_model import LogisticRegression

    models = []
    for j in range(Y.shape[1]):
        y = Y[:, j]
        if y.min() == y.max():  # a frame never (or always) coded: constant probability
            models.append(float(y[0]))
            continue
        clf = LogisticRegression(C=C, class_weight=class_weight, solver="liblinear", max_iter=1000,
                                 random_state=seed)
        models.append(clf.fit(X, y))
    return models


def _global_threshold(P: np.ndarray, Y: np.ndarray) -> float:
    """One threshold for all frames, maximising micro-F1 + macro-F1 on out-of-fold probabilities."""
    best, bt = -1.0, 0.5
    names = list(range(P.shape[1]))
    for t in np.linspace(0.2, 0.7, 21):
        tab = f1_table(Y.astype(bool), P >= t, names).set_index("frame")["f1"]
        v = tab["micro"] + tab["macro"]
        if v > best + 1e-9:
            best, bt = v, float(t)
    return bt


def _tune_thresholds(P: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Per-frame threshold maximising F1 on out-of-fold probabilities."""
    grid = np.linspace(0.05, 0.95, 37)
    out = np.full(P.shape[1], 0.5)
    for j in range(P.shape[1]):
        best, bt = -1.0, 0.5
        for t in grid:
            pred = P[:, j] >= t
            tp = float((pred & (Y[:, j] == 1)).sum())
            f1 = 2 * tp / max(pred.sum() + Y[:, j].sum(), 1)
            if f1 > best + 1e-9:
                best, bt = f1, t
        out[j] = bt
    return out


def _micro_f1(Y: np.ndarray, pred: np.ndarray) -> float:
    Y = Y.astype(bool)
    tp = int((Y & pred).sum())
    return 2 * tp / max(int(pred.sum()) + int(Y.sum()), 1)


def _cardinality_bounds(Y: np.ndarray) -> tuple[int, int]:
    """``(round(c / 2), ceil(1.6 c))`` for c = mean number of frames per text in ``Y``."""
    card = float(Y.sum(1).mean()) if len(Y) else 1.0
    min_frames = int(np.floor(card / 2 + 0.5))
    return min_frames, max(min_frames, int(np.ceil(1.6 * card)), 1)


def _cardinality_rule(P: np.ndarray, Y: np.ndarray, *, alpha: float = 0.25) -> tuple[np.ndarray, int, int]:
    """Thresholds and min/max frames per text for the ``cardinality`` decision rule.

    ``min_frames`` and ``max_frames`` come from the training labels' mean number of
    frames per text c (round(c / 2) and ceil(1.6 c)); the thresholds are
    ``alpha`` x the per-frame best-F1 threshold + (1 - alpha) x one global
    threshold, the global one chosen for the best micro-F1 of the whole rule on the
    out-of-fold probabilities ``P``.
    """
    min_frames, max_frames = _cardinality_bounds(Y)
    per_frame = _tune_thresholds(P, Y)
    best, best_thr = -1.0, np.full(P.shape[1], 0.5)
    for t in np.linspace(0.15, 0.6, 46):
        thr = alpha * per_frame + (1 - alpha) * t
        v = _micro_f1(Y, _decide(P, thr, min_frames, max_frames))
        if v > best + 1e-9:
            best, best_thr = v, thr
    return best_thr, min_frames, max_frames


def _binarize(labels: Sequence[Sequence[str]], frames: Sequence[str] | None) -> tuple[list[str], np.ndarray]:
    names = list(frames) if frames else sorted({f for ls in labels for f in ls})
    pos = {f: i for i, f in enumerate(names)}
    Y = np.zeros((len(labels), len(names)), dtype=int)
    for i, ls in enumerate(labels):
        for f in ls:
            if f in pos:
                Y[i, pos[f]] = 1
    return names, Y


def train_classifier(texts: Sequence[str], labels: Sequence[Sequence[str]], *, frames: Sequence[str] | None = None,
                     scheme: str = "policy", use_dictionary: bool = True, C: float = 16.0,
                     max_features: int = 30000, inner_folds: int = 5, threshold_mode: str = "cardinality",
                     class_weight: str | None = None, seed: int = 0,
                     codebook: str | Path | None = None) -> FrameClassifier:
    """Train a frame classifier from coded texts.

    TF-IDF (1-2 grams) plus the dictionary's frame scores as features, one
    logistic regression per frame, and a decision rule tuned on out-of-fold
    predictions of ``inner_folds`` folds of the training data (so nothing is
    tuned on the texts it is later scored on).

    Decision rules (``threshold_mode``):

    - ``cardinality`` (default): texts carry several frames (SemEval: 3.7 per
      article), so each text gets its round(c/2) best frames, at most ceil(1.6 c)
      frames (c = mean frames per training text), plus every frame whose
      probability reaches its threshold; thresholds = 0.25 x per-frame best-F1
      threshold + 0.75 x one global threshold chosen for micro-F1 of the whole
      rule. Best micro-F1; use with the default unweighted classes.
    - ``blend``: mean of per-frame best-F1 and one global (micro+macro F1)
      threshold, no min/max (the v1 rule; with ``class_weight="balanced"``,
      ``inner_folds=3`` it is the earlier default, higher macro-F1).
    - ``per_frame`` or ``global`` thresholds only.

    Args:
        texts: the coded texts.
        labels: frame names per text.
        frames: frame order (default: every name seen in ``labels``, sorted).
        scheme: scheme written in the output rows.
        use_dictionary: add dictionary scores as features.
        C: inverse regularisation strength.
        max_features: TF-IDF vocabulary size.
        inner_folds: folds for threshold tuning (< 2 keeps 0.5; the
            ``cardinality`` min/max frames still apply).
        threshold_mode: ``cardinality``, ``blend``, ``per_frame`` or ``global``.
        class_weight: ``None`` (calibrated probabilities) or ``"balanced"``.
        seed: random seed.
        codebook: codebook path for the dictionary features.
    """
    if threshold_mode not in ("cardinality", "blend", "per_frame", "global"):
        raise ValueError(f"threshold_mode must be cardinality, blend, per_frame or global, not {threshold_mode!r}")
    texts = list(texts)
    names, Y = _binarize(labels, frames)
    cpath = str(codebook) if codebook else None
    thresholds = np.full(len(names), 0.5)
    min_frames, max_frames = 0, None
    if threshold_mode == "cardinality":
        min_frames, max_frames = _cardinality_bounds(Y)
    if inner_folds >= 2 and len(texts) >= 2 * inner_folds:
        P = np.zeros(Y.shape, dtype=float)
        for tr, te in _kfold(len(texts), inner_folds, seed):
            feats = _make_features(use_dictionary=use_dictionary, codebook_path=cpath, max_features=max_features)
            Xtr = feats.fit_transform([texts[i] for i in tr])
            models = _fit_models(Xtr, Y[tr], C=C, seed=seed, class_weight=class_weight)
            P[te] = _proba({"features": feats, "models": models}, [texts[i] for i in te])
        if threshold_mode == "cardinality":
            thresholds, min_frames, max_frames = _cardinality_rule(P, Y)
        elif threshold_mode == "per_frame":
            thresholds = _tune_thresholds(P, Y)
        elif threshold_mode == "global":
            thresholds = np.full(len(names), _global_threshold(P, Y))
        else:
            thresholds = (_tune_thresholds(P, Y) + _global_threshold(P, Y)) / 2
    feats = _make_features(use_dictionary=use_dictionary, codebook_path=cpath, max_features=max_features)
    X = feats.fit_transform(texts)
    models = _fit_models(X, Y, C=C, seed=seed, class_weight=class_weight)
    cb = load_codebook(cpath)
    return FrameClassifier(names, {"features": feats, "models": models}, thresholds, scheme, cb.version,
                           {"n_train": len(texts), "C": C, "use_dictionary": use_dictionary, "seed": seed,
                            "threshold_mode": threshold_mode, "class_weight": class_weight,
                            "inner_folds": inner_folds}, min_frames, max_frames)


def _kfold(n: int, k: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import KFold

    return list(KFold(n_splits=k, shuffle=True, random_state=seed).split(np.arange(n)))


def cross_validate(texts: Sequence[str], labels: Sequence[Sequence[str]], *, folds: int = 5, seed: int = 0,
                   frames: Sequence[str] | None = None, **train_options: Any) -> tuple[pd.DataFrame, np.ndarray]:
    """K-fold cross-validation of :func:`train_classifier` (fixed seed).

    Returns:
        ``(per_frame, predictions)``: a table with frame, support, precision,
        recall, f1 plus rows ``micro`` and ``macro``; and the out-of-fold boolean
        prediction matrix (texts x frames).
    """
    texts = list(texts)
    names, Y = _binarize(labels, frames)
    pred = np.zeros(Y.shape, dtype=bool)
    for tr, te in _kfold(len(texts), folds, seed):
        model = train_classifier([texts[i] for i in tr], [labels[i] for i in tr], frames=names, seed=seed,
                                 **train_options)
        pred[te] = model.predict([texts[i] for i in te])
    return f1_table(Y.astype(bool), pred, names), pred


def f1_table(gold: np.ndarray, pred: np.ndarray, frames: Sequence[str]) -> pd.DataFrame:
    """Per-frame precision/recall/F1 plus ``micro`` and ``macro`` rows.

    >>> t = f1_table(np.array([[1, 0], [1, 1]], bool), np.array([[1, 0], [0, 1]], bool), ["a", "b"])
    >>> float(round(t.set_index("frame").loc["micro", "f1"], 3))
    0.8
    """
    rows = []
    for j, f in enumerate(frames):
        tp = int((gold[:, j] & pred[:, j]).sum())
        fp = int((~gold[:, j] & pred[:, j]).sum())
        fn = int((gold[:, j] & ~pred[:, j]).sum())
        rows.append(_prf(f, tp, fp, fn))
    tp, fp, fn = int((gold & pred).sum()), int((~gold & pred).sum()), int((gold & ~pred).sum())
    out = pd.DataFrame(rows + [_prf("micro", tp, fp, fn)])
    macro = {"frame": "macro", "support": int(gold.sum()), "tp": np.nan, "fp": np.nan, "fn": np.nan,
             "precision": out["precision"][:-1].mean(), "recall": out["recall"][:-1].mean(),
             "f1": out["f1"][:-1].mean()}
    return pd.concat([out, pd.DataFrame([macro])], ignore_index=True)


def _prf(name: str, tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"frame": name, "support": tp + fn, "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def classify_documents(documents: pd.DataFrame, model: FrameClassifier) -> pd.DataFrame:
    """Apply a trained classifier to documents (columns ``doc_id``, ``text``).

    Returns:
        ``schema.FRAMES`` rows, unit ``document``, one per document and frame;
        ``score`` is the probability, ``present`` follows the model's decision
        rule (:meth:`FrameClassifier.decide`) and ``evidence`` lists the document's words that pushed most towards the
        frame (up to five).
    """
    if documents is None or not len(documents):
        return _EMPTY.copy()
    texts = documents["text"].astype(str).tolist()
    P = model.predict_proba(texts)
    present = model.decide(P)
    ev = _evidence_terms(model, texts)
    rows = []
    for i, doc_id in enumerate(documents["doc_id"]):
        for j, f in enumerate(model.frames):
            rows.append((doc_id, "document", doc_id, model.scheme, f, round(float(P[i, j]), 4),
                         bool(present[i, j]), "; ".join(ev[i][j])))
    return pd.DataFrame(rows, columns=schema.FRAMES)


def _evidence_terms(model: FrameClassifier, texts: list[str], k: int = 5) -> list[list[list[str]]]:
    feats = model.pipeline["features"]
    tfidf = dict(feats.transformer_list)["tfidf"]
    vocab = np.array(tfidf.get_feature_names_out())
    X = tfidf.transform(texts).tocsr()
    out = []
    for i in range(X.shape[0]):
        row = X.getrow(i)
        per = []
        for est in model.pipeline["models"]:
            if not hasattr(est, "coef_"):
                per.append([])
                continue
            contrib = row.data * est.coef_[0][: len(vocab)][row.indices]
            top = np.argsort(-contrib)[:k]
            per.append([str(vocab[row.indices[t]]) for t in top if contrib[t] > 0])
        out.append(per)
    return out


def save_classifier(model: FrameClassifier, path: str | Path) -> Path:
    """Save a classifier with joblib (compressed)."""
    import joblib

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, p, compress=3)
    return p


def load_classifier(path: str | Path) -> FrameClassifier:
    """Load a classifier saved by :func:`save_classifier` (only load files you trust)."""
    import joblib

    model = joblib.load(Path(path))
    if not isinstance(model, FrameClassifier):
        raise TypeError(f"{path}: not a FrameClassifier")
    return model
