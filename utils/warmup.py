"""Load the pipeline's read-only resources once, in the parent, before it forks its workers.

A process pool on Linux forks its workers from the parent, so whatever the parent has
already imported and loaded the workers inherit for free. Without this every worker
imports NLTK (most of a second: NLTK imports scipy and sklearn) and reads the same word
lists, lexicons, codebook and tagger model again, and the parent imports NLTK once more at
the end of the run for the first names of the corpus-level actor links
(``utils.actors.corpus_links``). Preloading changes no result: each loader is a cached,
pure function of its files.

Only pure-Python resources are preloaded: the onnxruntime session (which may hold threads
and native state a fork should not copy) and the CRF tagger stay per worker. Nothing is
done under another start method ("spawn", "forkserver"), where a worker would inherit
nothing. A loader that fails here is left for the worker to fail on, so a missing file is
still reported per document in the ``errors`` table, as before.
"""
from __future__ import annotations

import multiprocessing


def _loaders() -> list:
    from utils.actors.lexicon import load_lexicon as actor_lexicon
    from utils.actors.registry import load_registry
    from utils.actors.tagger import _gazetteers
    from utils.claims.cues import load_cues
    from utils.framing.codebook import load_codebook
    from utils.stance.lexical import opinion_words, vader_lexicon
    from utils.stance.lexicon import load_issues, load_lexicon
    from utils.text.segmentation import sentence_tokenizer
    from utils.text.tagger import load_tagger

    return [sentence_tokenizer, _gazetteers, load_tagger, actor_lexicon, load_registry, load_cues, load_codebook,
            load_lexicon, load_issues, vader_lexicon, opinion_words]


def preload_for_fork() -> bool:
    """Load the shared resources in this process when workers will be forked from it;
    True when it did (errors are swallowed: the workers meet them again)."""
    if multiprocessing.get_start_method(allow_none=False) != "fork":
        return False
    try:
        loaders = _loaders()
    except Exception:  # noqa: BLE001 - the workers report it
        return False
    for fn in loaders:
        try:
            fn()
        except Exception:  # noqa: BLE001 - the workers report it
            pass
    return True
