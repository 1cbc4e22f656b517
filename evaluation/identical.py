"""Same results after a change to the code: annotate fixed corpora, keep the tables,
compare them row for row with a later run.

    python -m evaluation.identical save before        # tables of today's code -> .cache/identical/before
    python -m evaluation.identical save after [seed,bbc_politics]   # only these corpora
    python -m evaluation.identical compare before after

The corpora: the seed; the 417 BBC politics articles; the first 200 articles of
``bbc_news`` (sorted paths, all four sections); PolNeAR train and dev (texts only), each
annotated with the default options, and PolNeAR dev once more with the bare-quote model
(``--bare-quotes 0.3``, a threshold that keeps some), so that optional path is covered too. Datasets come from
``$WSW_DATASETS`` (default ``../shared/datasets``); a corpus whose dataset is absent is
skipped with a message. Used for restructurings that must not change any result (#20);
the annotation cache is bypassed (``--no-cache``) so every row is computed anew.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from utils import paths

CACHE = paths.ROOT / ".cache" / "identical"


def _datasets() -> Path:
    return Path(os.environ.get("WSW_DATASETS", paths.ROOT.parent / "shared" / "datasets"))


def _corpora() -> dict[str, tuple[Path, list[str]]]:
    """name -> (input path, extra annotate arguments); builds the derived inputs."""
    ds = _datasets()
    work = CACHE / "corpora"
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, tuple[Path, list[str]]] = {"seed": (paths.ROOT / "data" / "raw" / "seed", [])}
    if (ds / "bbc_politics").is_dir():
        out["bbc_politics"] = (ds / "bbc_politics", ["--title-from-first-line"])
    else:
        print(f"skipped bbc_politics: {ds / 'bbc_politics'} is absent")
    if (ds / "bbc_news").is_dir():
        folder = work / "bbc_news_200"
        if not folder.exists():
            folder.mkdir()
            for p in sorted((ds / "bbc_news").rglob("*.txt"))[:200]:
                shutil.copyfile(p, folder / f"{p.parent.name}_{p.name}")
        out["bbc_news_200"] = (folder, ["--title-from-first-line"])
    else:
        print(f"skipped bbc_news_200: {ds / 'bbc_news'} is absent")
    for split in ("train", "dev"):
        src = ds / "polnear" / f"polnear_{split}.jsonl"
        if not src.exists():
            print(f"skipped polnear_{split}: {src} is absent")
            continue
        dst = work / f"polnear_{split}.jsonl"
        if not dst.exists():
            with src.open(encoding="utf-8") as fin, dst.open("w", encoding="utf-8") as fout:
                for line in fin:
                    d = json.loads(line)
                    fout.write(json.dumps({"doc_id": d["doc_id"], "text": d["text"]}) + "\n")
        out[f"polnear_{split}"] = (dst, [])
        if split == "dev":
            out["polnear_dev_bare"] = (dst, ["--bare-quotes", "0.3"])
    return out


def save(label: str, only: list[str] | None = None) -> int:
    root = CACHE / label
    for name, (src, extra) in _corpora().items():
        if only and name not in only:
            continue
        dest = root / name
        t = time.perf_counter()
        cmd = [sys.executable, "-m", "utils", "annotate", str(src), "--out", str(dest), "--no-cache",
               "--no-parquet", "--quiet", "--force", *extra]
        proc = subprocess.run(cmd, cwd=paths.ROOT, capture_output=True, text=True)
        if proc.returncode:
            print(proc.stdout[-2000:], proc.stderr[-2000:])
            print(f"{name}: annotate failed (exit {proc.returncode})")
            return 1
        print(f"{name}: {time.perf_counter() - t:.0f} s -> {dest}")
    return 0


def compare(a: str, b: str) -> int:
    import importlib.util

    spec = importlib.util.spec_from_file_location("compare_tables", paths.ROOT / ".ci" / "compare_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # the CI script, not a package
    compare_dirs = module.main

    bad = 0
    for name in sorted(p.name for p in (CACHE / b).iterdir() if p.is_dir()):
        other = CACHE / a / name
        if not other.exists():
            print(f"{name}: missing in {a}")
            bad += 1
            continue
        bad += compare_dirs(str(other), str(CACHE / b / name)) != 0
    print(f"identical: {'all corpora identical' if not bad else f'{bad} corpora differ'}")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) in (3, 4) and sys.argv[1] == "save":
        sys.exit(save(sys.argv[2], sys.argv[3].split(",") if len(sys.argv) == 4 else None))
    if len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    sys.exit(__doc__)
