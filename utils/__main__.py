"""Command line: ``python -m utils COMMAND``.

Commands:

- ``annotate INPUT --out DIR``: load a corpus (folder of .txt, .txt, .csv or
  .jsonl), annotate it and write every table (CSV + Parquet) into DIR.
- ``report [--corpus PATH]``: execute every notebook in order on a corpus and
  export HTML reports to ``reports/html/`` with an index page.
- ``setup``: check that the NLTK data shipped in ``utils/nltk_data`` is complete
  and matches its pinned checksums (nothing is downloaded).

Exit codes: 0 when the run completes (even if some documents were skipped:
they are listed in ``skipped.csv``); 2 for bad arguments or missing input;
1 for other failures (a clear message, never a bare traceback).
"""
from __future__ import annotations

import argparse
import errno
import re
import sys

from utils.settings import SENTIMENTS


def _probability(value: str) -> float:
    """A probability threshold strictly between 0 and 1 (for --bare-quotes P)."""
    try:
        p = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 < p < 1.0:
        raise argparse.ArgumentTypeError(f"a probability threshold must be between 0 and 1, got {value}")
    return p


def _parser() -> argparse.ArgumentParser:
    """The command line: ``annotate`` (a corpus to its tables), ``report`` (the notebooks to
    HTML) and ``setup`` (check the shipped NLTK data), with every option and its help."""
    p = argparse.ArgumentParser(prog="python -m utils", description="Who Says What: annotate news corpora and report.")
    sub = p.add_subparsers(dest="command", required=True)

    a = sub.add_parser("annotate", help="annotate a corpus and write its tables")
    a.add_argument("input", help="a folder of .txt files, or a .txt, .csv or .jsonl file")
    a.add_argument("--out", required=True, help="output folder for the tables")
    a.add_argument("--recursive", action="store_true", help="read .txt files in subfolders too")
    a.add_argument("--title-from-first-line", action="store_true", help="take each .txt file's first line as its title")
    a.add_argument("--jobs", type=int, default=None, help="worker processes (default: all cores)")
    a.add_argument("--scheduler", default=None,
                   help="run on Dask: a dask.distributed scheduler ADDRESS (tcp://host:8786) or 'local' for a local cluster")
    a.add_argument("--chunk-size", type=int, default=256, help="documents read, annotated and written per chunk")
    a.add_argument("--no-cache", action="store_true", help="annotate every document again (ignore OUT/cache)")
    a.add_argument("--keep-duplicate-texts", action="store_true",
                   help="keep documents whose text repeats an earlier one (flagged)")
    a.add_argument("--no-parquet", action="store_true", help="write CSV only")
    a.add_argument("--bare-quotes", nargs="?", const=True, default=False, type=_probability, metavar="P",
                   help="also keep quotations no rule attributes that the bare-quote model judges to be speech "
                        "(rule bare-quote; speaker often empty; see README, Claims); with P, keep those whose "
                        "probability is at least P instead of the model's own threshold")
    a.add_argument("--sentiment", default="auto", choices=SENTIMENTS,
                   help="how stance reads a target's sentiment inside a claim: auto = encoder (the fine-tuned MiniLM "
                        "model, the default), model (the light logistic regression, faster), lexicon (word rules only)")
    order = a.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="dayfirst", action="store_true", default=True,
                       help="read an ambiguous date such as 03/04/2015 as 3 April (the default; each one is flagged)")
    order.add_argument("--monthfirst", dest="dayfirst", action="store_false",
                       help="read an ambiguous date such as 03/04/2015 as 4 March")
    a.add_argument("--quiet", action="store_true", help="no progress bar")
    a.add_argument("--force", action="store_true",
                   help="write into --out even if it holds files this tool did not write (never needed for a new, "
                        "empty or earlier --out folder)")

    r = sub.add_parser("report", help="run every notebook on a corpus and export HTML reports")
    r.add_argument("--corpus", default=None, help="corpus path (default: the seed corpus in data/raw/seed)")
    r.add_argument("--tables", default=None,
                   help="report on the tables `python -m utils annotate CORPUS --out DIR` wrote (e.g. with --bare-quotes) "
                        "instead of annotating a corpus")
    r.add_argument("--title-from-first-line", action="store_true", help="take each .txt file's first line as its title")
    r.add_argument("--out", default=None, help="HTML folder (default: reports/html)")
    r.add_argument("--only", default=None, help="run only notebooks whose name contains this text")
    r.add_argument("--jobs", type=int, default=None,
                   help="notebooks run side by side (default: $WSW_REPORT_JOBS, else the cores, at most 4)")
    r.add_argument("--source", default=None, help="report on the documents of this outlet only")
    r.add_argument("--date-from", default=None, help="report on documents dated on or after this ISO date")
    r.add_argument("--date-to", default=None, help="report on documents dated on or before this ISO date")

    sub.add_parser("setup", help="check the NLTK data shipped with the project (utils/nltk_data, pinned)")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit status: 0 done; 1 a failed notebook or an output
    that cannot be written (the message names the file); 2 a bad corpus, table set, option
    or scheduler setting; 130 interrupted (what was written so far is kept)."""
    args = _parser().parse_args(argv)
    if args.command == "setup":
        from utils.nltk_setup import setup

        return setup()

    from utils.corpus import CorpusError
    from utils.pipeline import SchedulerError
    from utils.report import ReportError
    from utils.tables import OutputError
    from utils.tableset import TableSetError

    try:
        if args.command == "annotate":
            from utils.pipeline import run_annotate

            if args.jobs is not None and args.jobs < 1:
                print("error: --jobs must be at least 1", file=sys.stderr)
                return 2
            if args.chunk_size < 1:
                print("error: --chunk-size must be at least 1", file=sys.stderr)
                return 2
            if args.scheduler is not None and not _SCHEDULER.fullmatch(args.scheduler):
                print(f"error: --scheduler must be 'local' or a Dask scheduler address such as tcp://host:8786, "
                      f"not {args.scheduler!r}", file=sys.stderr)
                return 2
            _terminate_as_interrupt()
            m = run_annotate(args.input, args.out, recursive=args.recursive,
                             title_from_first_line=args.title_from_first_line, jobs=args.jobs,
                             scheduler=args.scheduler, chunk_size=args.chunk_size, cache=not args.no_cache,
                             drop_duplicate_texts=not args.keep_duplicate_texts,
                             parquet=not args.no_parquet, progress=False if args.quiet else None,
                             bare_quotes=args.bare_quotes, sentiment=args.sentiment, dayfirst=args.dayfirst,
                             force=args.force)
            rows = ", ".join(f"{k} {v}" for k, v in m["rows"].items())
            cache = f"; cache hits {m['cache']['hits']}" if m.get("cache") else ""
            print(f"annotated {m['n_documents']} documents ({m['n_words']:,} words) in {m['seconds']} s; "
                  f"skipped {m['n_skipped']}{cache}; rows: {rows}; tables in {args.out}")
            return 0
        if args.command == "report":
            from utils.report import build_reports

            index = build_reports(corpus=args.corpus, out=args.out, only=args.only,
                                  title_from_first_line=args.title_from_first_line, source=args.source,
                                  date_from=args.date_from, date_to=args.date_to, tables=args.tables,
                                  jobs=args.jobs)
            print(f"reports written; open {index}")
            return 0
    except (CorpusError, TableSetError, SchedulerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OutputError as exc:
        print(f"error: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a write that failed outside the table writer (full disk, permissions)
        what = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        print(f"error: {what}{f': {exc.filename}' if exc.filename else ''}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        out = getattr(args, "out", None)
        print("interrupted; " + (f"the tables in {out} are those of the last complete run (if any); "
                                 "run again to finish (the cache keeps the work done)" if args.command == "annotate"
                                 else "reports written so far are kept"), file=sys.stderr)
        return 130
    return 2


#: 'local', or a Dask scheduler address: scheme://host[:port].
_SCHEDULER = re.compile(r"local|(?:tcp|tls|inproc|ucx|ws|wss)://[A-Za-z0-9_.\-\[\]:]+")


def _terminate_as_interrupt() -> None:
    """SIGTERM (a job scheduler's or `kill`'s stop) runs the same clean-up as Ctrl-C:
    temporaries removed, worker processes stopped, the last complete tables kept."""
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


if __name__ == "__main__":
    sys.exit(main())
