"""Repeat detection: precision and recall on generated folders of daily dumps, and speed.

    python benchmarks/bench_repeats.py [--folders 200] [--seed 0] [--split test]
                                       [--same-file 0.15] [--mb 10] [--repeat 3]
                                       [--skip-speed] [--examples 8]

Goals (the issue): precision and recall of repeat detection at least 0.98 / 0.95 on
generated folders (exact copies, one- and two-sentence edits, an added or cut paragraph,
and different stories on the same subject that must not match); the loader with repeat
detection still at least 2 MB/s on 10 MB. Prints markdown tables; exits 0 with a message
when the corpus is absent. About 3 minutes on a quiet 2-core machine with the defaults.

**Source pool.** Stories of one split (``--split``: ``test`` for reporting, ``val`` to
develop on) of the shared BBC corpus (never copied into the repo; the examples printed
give numbers, not text). The corpus itself holds repeats (about 150 exact and 20 near
copies over its 2,225 stories): any story with an exact or near copy elsewhere in the
corpus (any split: normalised text equal, or word 5-gram Jaccard >= 0.5) is left out of
the pool, so that two different pool stories are never a repeat. That check is a
brute-force exact Jaccard over every pair (sparse products), not ``find_repeats``, so the
truth does not depend on the thing measured. Pool pairs sharing >= 0.05 of their 5-grams
(follow-up stories quoting the same passages, up to 0.47 in the test split) are kept as
the hardest different-story pairs.

**Folders.** Each of ``--folders`` folders (seeded by ``--seed`` and its number) is 3-5
daily dump files ``day1.txt``... holding 8-12 pool stories, about two thirds from one BBC
category (same subject); half the folders hold one of the related pairs above, and half
the same-category stories come with the pool story closest to them in subject (TF-IDF
cosine). Each story is rendered once by :func:`toolkit.load.synth.make_labelled_dump`
(one story at a time and whole: no missing top, no cut end; furniture, tags and quote
style as synth makes them) and first appears on a random day; 0-2 copies follow (none,
one, two: 30/45/25%), each of a kind drawn evenly:

- ``exact``: the same lines; or the story rendered again (other paragraph breaks,
  furniture and quote style); or the same lines with quotes straightened and two spaces
  after full stops;
- ``1-sentence edit`` / ``2-sentence edit``: one or two sentences changed: swapped for a
  sentence of another story of the same category (not in the folder), or reworded (a run
  of 1-3 words dropped, 1-2 words of another story put in);
- ``paragraph added``: 1-3 consecutive sentences of another story of the same category
  (not in the folder) inserted as a paragraph after a random paragraph;
- ``paragraph cut``: one paragraph other than the first removed (stories of 3+).

Edited copies get straightened quotes and double spaces half the time. A copy is made
from the original, so its kind is relative to the original. It goes into a later day's
file (a day of its own: a daily scrape saves a page once), or with chance ``--same-file``
(or when no later day is left) into its original's file after it; two copies of one story
are never side by side in a file (a story followed by its own copy is one story to
any segmenter, and scrapers do not save them so).

**Scoring.** Two rows: ``find_repeats`` on the true stories' texts (the detector alone)
and ``toolkit.load_dump(folder)`` (what users get: the segmenter may split or merge
stories). A loaded story stands for the true story holding most of its body lines. A
flagged story (``duplicate_of`` set) is a true positive when the story it stands for is a
copy and ``duplicate_of`` points to a loaded story standing for that copy's original or
an earlier copy of it; else a false positive: "segmentation" when the two loaded stories
share a true story group (right about a part), else "same subject" (same category, or a
planted pair) or "other subject". A copy is found when the loaded story holding most of
its body lines is a true positive; a miss is put down to the segmenter when that story
is not exactly the copy, or when no earlier copy of it is loaded exactly. Intervals:
Wilson 95% for precision and recall, a bootstrap over folders for F1. The similarity
tables use exact word 5-gram Jaccard computed here (words: runs of ``\\w``, after NFKC,
straight quotes and case folding), which may differ slightly from the detector's own.

**Speed.** A ~``--mb`` MB folder made as ``bench_load.py`` makes its dump
(``sample_dumps`` over the whole corpus, 50 dumps a file, so most stories appear two or
three times). In one process (after a warm-up load), ``--repeat`` rounds of:
``load_dump`` (with repeat detection), ``find_repeats`` alone on the loaded stories, and
``load_dump`` with ``find_repeats`` stubbed out (the loader without repeat detection);
medians of wall and CPU time.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
import statistics
import sys
import tempfile
import time
import unicodedata
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from unittest import mock

import numpy as np

HERE = Path(__file__).resolve().parent
KINDS = ("exact", "1-sentence edit", "2-sentence edit", "paragraph added", "paragraph cut")
THRESHOLD = 0.5  # what the pool's exclusion uses; the detector's own is MIN_SIMILARITY
PLACES = ("later file", "same file")
RELATED = 0.05  # pool pairs sharing this much are different stories on one subject
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'",
                         "‚": "'", "′": "'", "″": '"'})  # fmt: skip
_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- similarity


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """Word 5-grams of ``text`` after NFKC, straight quotes and case folding (the whole
    text when shorter): the definition ``toolkit.segment.repeats`` documents, implemented
    apart (words are runs of ``\\w``; the detector may split on white space instead)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold())
    return frozenset(tuple(words[i : i + 5]) for i in range(max(len(words) - 4, 1)))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a and not b:
        return 1.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).translate(_QUOTES).split()).casefold()


def source_pool(corpus, split: str):
    """Indices of ``split``'s stories with no exact or near copy elsewhere in ``corpus``,
    how many were left out, and the related pairs among them (positions in the pool of two
    different stories sharing at least ``RELATED`` of their 5-grams, and that share).
    Exact Jaccard on every pair (sparse products)."""
    import scipy.sparse as sp

    sets = [shingles(t) for t in corpus["text"]]
    vocab: dict[tuple[str, ...], int] = {}
    rows, cols = [], []
    for i, s in enumerate(sets):
        for g in s:
            cols.append(vocab.setdefault(g, len(vocab)))
            rows.append(i)
    x = sp.csr_matrix((np.ones(len(rows), np.int32), (rows, cols)), shape=(len(sets), len(vocab)))
    inter = (x @ x.T).toarray().astype(float)
    size = np.array([len(s) for s in sets], float)
    sim = inter / (size[:, None] + size[None, :] - inter)
    np.fill_diagonal(sim, 0.0)
    normal = [_normal(t) for t in corpus["text"]]
    counts = Counter(normal)
    in_split = np.flatnonzero((corpus["split"] == split).to_numpy())
    keep = [i for i in in_split if sim[i].max() < THRESHOLD and counts[normal[i]] == 1]
    sub = sim[np.ix_(keep, keep)]
    related = [
        (int(a), int(b), float(sub[a, b])) for a, b in zip(*np.nonzero(np.triu(sub) >= RELATED))
    ]
    return keep, len(in_split) - len(keep), related


# --------------------------------------------------------------------------- folders


def _render(text: str, rng: np.random.Generator) -> tuple[list[str], list[bool]]:
    """One story as a dump block: its lines and which are body paragraphs."""
    from toolkit.load.synth import make_labelled_dump

    dump = make_labelled_dump([text], rng=rng, p_mid_start=0.0, p_truncated_last=0.0)
    return list(dump.lines), [k == "body" for k in dump.kinds]


def _respace(lines: list[str], body: list[bool]) -> list[str]:
    """Quotes straightened and two spaces after full stops, as another scraper saves it."""
    straight = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
    return [ln.translate(straight).replace(". ", ".  ") if b else ln for ln, b in zip(lines, body)]


def _reword(sentence: str, donor_words: list[str], rng: np.random.Generator) -> str | None:
    """``sentence`` with a run of 1-3 words dropped and 1-2 donor words put in."""
    words = sentence.split()
    if len(words) < 6:
        return None
    run = int(rng.integers(1, 4))
    at = int(rng.integers(0, len(words) - run))
    del words[at : at + run]
    put = [donor_words[int(rng.integers(len(donor_words)))] for _ in range(int(rng.integers(1, 3)))]
    at = int(rng.integers(1, len(words)))
    words[at:at] = put
    return " ".join(words)


def _edit_sentences(lines, body, n, donors, rng):
    """Change ``n`` distinct sentences of the body: swap each for a donor sentence or
    reword it."""
    from toolkit.load.synth import split_sentences

    split = {i: split_sentences(line) for i, line in enumerate(lines) if body[i]}
    spots = [(i, j) for i, sentences in split.items() for j in range(len(sentences))]
    if len(spots) < n:
        return None
    lines = list(lines)
    for k in rng.choice(len(spots), size=n, replace=False):
        i, j = spots[int(k)]
        donor = split_sentences(donors[int(rng.integers(len(donors)))])
        new = _reword(split[i][j], " ".join(donor).split(), rng) if rng.random() < 0.5 else None
        if new is None:
            new = donor[int(rng.integers(len(donor)))]
        if _normal(new) == _normal(split[i][j]):
            return None
        split[i][j] = new
        lines[i] = " ".join(split[i])
    return lines


def _copy(kind, lines, body, text, donors, rng):
    """A copy of a rendered story: (lines, body flags), or None when this story cannot
    take that kind (too short)."""
    from toolkit.load.synth import split_sentences

    body_at = [i for i, b in enumerate(body) if b]
    if kind == "exact":
        how = rng.integers(3)
        if how == 0:
            return list(lines), list(body)
        if how == 1:
            return _render(text, rng)
        return _respace(lines, body), list(body)
    if kind in ("1-sentence edit", "2-sentence edit"):
        new = _edit_sentences(lines, body, 1 if kind.startswith("1") else 2, donors, rng)
        if new is None:
            return None
        new_body = list(body)
    elif kind == "paragraph added":
        donor = split_sentences(donors[int(rng.integers(len(donors)))])
        size = int(rng.integers(1, 4))
        start = int(rng.integers(0, max(1, len(donor) - size + 1)))
        paragraph = " ".join(donor[start : start + size])
        after = int(rng.integers(len(body_at)))
        at = body_at[after + 1] if after + 1 < len(body_at) else len(lines)
        new = lines[:at] + [paragraph] + lines[at:]
        new_body = body[:at] + [True] + body[at:]
    else:  # paragraph cut
        if len(body_at) < 3:
            return None
        at = body_at[int(rng.integers(1, len(body_at)))]
        new = lines[:at] + lines[at + 1 :]
        new_body = body[:at] + body[at + 1 :]
    if rng.random() < 0.5:
        new = _respace(new, new_body)
    return new, new_body


def nearest_neighbours(texts: list[str]) -> list[int]:
    """For each story, the other story closest in subject (TF-IDF cosine of its words)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit_transform(texts)
    sim = (x @ x.T).toarray()
    np.fill_diagonal(sim, -1.0)
    return sim.argmax(1).tolist()


def _day_order(todays: list, rng: np.random.Generator) -> list:
    """One day's stories in a random order with each original before its copies and no two
    copies of one story next to each other (a story followed by its own copy is one story
    to any segmenter; a scraper saves them apart)."""
    best, fewest = todays, len(todays) + 1
    for _ in range(1000):
        keys = {id(it): float(rng.random()) for it in todays}
        first = {it[1]["group"]: keys[id(it)] for it in todays if it[1]["kind"] == "original"}
        for it in todays:
            if it[1]["kind"] != "original" and it[1]["group"] in first:
                keys[id(it)] = float(rng.uniform(first[it[1]["group"]], 1.0))
        order = sorted(todays, key=lambda it: keys[id(it)])
        groups = [it[1]["group"] for it in order]
        touching = sum(a == b for a, b in itertools.pairwise(groups))
        if touching < fewest:
            best, fewest = order, touching
        if not touching:
            break
    return best  # when a day holds little but one story's copies, some must touch


def make_folder(folder: Path, pool_texts, pool_cats, neighbours, related,
                rng: np.random.Generator, same_file: float = 0.15) -> list[dict]:  # fmt: skip
    """Write one folder of daily dumps; return its true stories in load order."""
    n_days = int(rng.integers(3, 6))
    n_stories = int(rng.integers(8, 13))
    cats = np.array(pool_cats)
    chosen: list[int] = []
    partner: dict[int, int] = {}
    if related and rng.random() < 0.5:  # a pair of related stories (shared passages)
        a, b, _ = related[int(rng.integers(len(related)))]
        chosen, partner[b] = [a, b], a
        main = cats[a]
    else:
        main = rng.choice(np.unique(cats))
    same = [int(i) for i in rng.permutation(np.flatnonzero(cats == main))]
    n_same = min(len(same), round(n_stories * 2 / 3))
    for i in same:  # half of them with the story closest in subject, when it is free
        if len(chosen) >= n_same:
            break
        if i in chosen:
            continue
        chosen.append(i)
        if rng.random() < 0.5 and len(chosen) < n_same and neighbours[i] not in chosen:
            chosen.append(neighbours[i])
            partner[neighbours[i]] = i
    rest = [i for i in range(len(pool_texts)) if i not in set(chosen)]
    chosen += [int(i) for i in rng.choice(rest, size=n_stories - len(chosen), replace=False)]
    in_folder = set(chosen)

    items = []  # (day, record, lines, body)
    for group, src in enumerate(chosen):
        text = pool_texts[src]
        donors = [pool_texts[j] for j in np.flatnonzero(cats == cats[src]) if j not in in_folder]
        lines, body = _render(text, rng)
        n_copies = int(rng.choice([0, 1, 2], p=[0.3, 0.45, 0.25]))
        # A story that is saved again first appears before the last day.
        day0 = int(rng.integers(n_days - 1 if n_copies else n_days))
        base = {
            "group": group,
            "source_story": src,
            "category": cats[src],
            "partner": chosen.index(partner[src]) if src in partner else None,
        }
        items.append((day0, {**base, "kind": "original"}, lines, body))
        # A daily scrape saves a page once: each copy on a later day of its own, unless
        # saved twice on one day (chance ``same_file``, in the original's file).
        later = [int(d) for d in rng.permutation(np.arange(day0 + 1, n_days))]
        for _ in range(n_copies):
            kind = KINDS[int(rng.integers(len(KINDS)))]
            made = _copy(kind, lines, body, text, donors, rng)
            if made is None:
                continue
            day = day0 if rng.random() < same_file or not later else later.pop()
            items.append((day, {**base, "kind": kind}, *made))

    truth = []
    folder.mkdir(parents=True)
    for day in range(n_days):
        out: list[str] = []
        for _, record, lines, body in _day_order([it for it in items if it[0] == day], rng):
            start = len(out) + 1
            out.extend(lines)
            truth.append({**record, "file": f"day{day + 1}.txt",
                          "body_lines": [start + i for i, b in enumerate(body) if b],
                          "text": "\n".join(ln for ln, b in zip(lines, body) if b)})  # fmt: skip
        if out:
            (folder / f"day{day + 1}.txt").write_text("\n".join(out) + "\n", encoding="utf-8")
    for order, t in enumerate(truth):
        t["order"] = order
        t["shingles"] = shingles(t["text"])
    return truth


# --------------------------------------------------------------------------- scoring


def score_folder(truth: list[dict], predicted: list[dict]) -> dict:
    """Count true and false positives and found copies.

    ``predicted``: in load order, each with ``id``, ``truth`` (index into ``truth`` of the
    true story it stands for, or None), ``duplicate_of`` (an id or None), ``similarity``
    and ``holds`` (for each true story index, how many of its body lines it holds).
    """
    by_id = {p["id"]: p for p in predicted}

    def valid(t: int | None, u: int | None) -> bool:
        return (t is not None and u is not None and truth[t]["kind"] != "original"
                and truth[u]["group"] == truth[t]["group"]
                and truth[u]["order"] < truth[t]["order"])  # fmt: skip

    out = {"tp": 0, "fp": 0, "fp_kinds": Counter(), "found": Counter(), "copies": Counter(),
           "misses": [], "false": []}  # fmt: skip
    for p in predicted:
        if p["duplicate_of"] is None:
            continue
        q = by_id[p["duplicate_of"]]
        t, u = p["truth"], q["truth"]
        p["ok"] = valid(t, u)
        if p["ok"]:
            out["tp"] += 1
            continue
        out["fp"] += 1
        if t is None or u is None or ({truth[x]["group"] for x in p["holds"]}
                                      & {truth[x]["group"] for x in q["holds"]}):  # fmt: skip
            why = "segmentation"  # right about part of what the two loaded stories hold
        elif _same_subject(truth[t], truth[u]):
            why = "same subject"
        else:
            why = "other subject"
        out["fp_kinds"][why] += 1
        out["false"].append((why, p, t, u, q))
    first_file = {s["group"]: s["file"] for s in truth if s["kind"] == "original"}
    for t, story in enumerate(truth):
        if story["kind"] == "original":
            continue
        place = "same file" if story["file"] == first_file[story["group"]] else "later file"
        out["copies"][story["kind"]] += 1
        out["copies"][place] += 1
        holders = [p for p in predicted if p["holds"].get(t)]
        main = max(holders, key=lambda p: p["holds"][t], default=None)
        if main is not None and main["duplicate_of"] is not None and main.get("ok"):
            out["found"][story["kind"]] += 1
            out["found"][place] += 1
        else:
            out["misses"].append((t, main, miss_cause(t, main, truth, predicted)))
    return out


def _same_subject(a: dict, b: dict) -> bool:
    """Same BBC category, or one drawn as the other's closest story in subject."""
    return (
        a["category"] == b["category"] or b["group"] == a["partner"] or a["group"] == b["partner"]
    )


def _whole(p: dict | None, truth: list[dict]) -> bool:
    """Whether loaded story ``p`` is exactly its true story's body paragraphs."""
    t = None if p is None else p["truth"]
    return t is not None and p["share"] == 1 and p["holds"][t] == len(truth[t]["body_lines"])


def miss_cause(t: int, main: dict | None, truth: list[dict], predicted: list[dict]) -> str:
    """Why a copy was missed: its own story cut wrong, every earlier copy cut wrong, or
    neither (the detector)."""
    if not _whole(main, truth) or main["truth"] != t:
        return "the copy merged with or split from a neighbour by the segmenter"
    g, order = truth[t]["group"], truth[t]["order"]
    earlier = [p for p in predicted if p["truth"] is not None
               and truth[p["truth"]]["group"] == g and truth[p["truth"]]["order"] < order]  # fmt: skip
    if not any(_whole(p, truth) for p in earlier):
        return "the original (and any earlier copy) merged or split by the segmenter"
    return "both cut right; not flagged"


def detector_predictions(truth: list[dict]) -> list[dict]:
    from toolkit.segment.repeats import find_repeats

    ids = [f"t{i}" for i in range(len(truth))]
    dup, sim = find_repeats([t["text"] for t in truth], ids)
    return [{"id": ids[i], "truth": i, "duplicate_of": dup[i], "similarity": sim[i],
             "holds": {i: len(t["body_lines"])}, "share": 1.0}
            for i, t in enumerate(truth)]  # fmt: skip


def loader_predictions(folder: Path, truth: list[dict]) -> list[dict]:
    import toolkit

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", toolkit.ToolkitWarning)
        stories = toolkit.load_dump(folder)
    owner = {(t["file"], line): i for i, t in enumerate(truth) for line in t["body_lines"]}
    out = []
    for row in stories.itertuples(index=False):
        holds = Counter(owner[(row.source, ln)] for ln in row.paragraph_lines
                        if (row.source, ln) in owner)  # fmt: skip
        best = max(holds, key=lambda t: holds[t], default=None)
        n = len(row.paragraph_lines)
        out.append({"id": row.story_id, "truth": best,
                    "duplicate_of": None if _isna(row.duplicate_of) else row.duplicate_of,
                    "similarity": None if _isna(row.similarity) else float(row.similarity),
                    "holds": dict(holds), "share": holds[best] / n if n and best is not None else 0})  # fmt: skip
    return out


def _isna(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _f1(tp, fp, found, copies):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = found / copies if copies else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def summarise(results: list[dict], rng: np.random.Generator) -> dict:
    tp = sum(r["tp"] for r in results)
    fp = sum(r["fp"] for r in results)
    found = sum(r["found"][k] for r in results for k in KINDS)
    copies = sum(r["copies"][k] for r in results for k in KINDS)
    per = np.array([(r["tp"], r["fp"], sum(r["found"][k] for k in KINDS),
                     sum(r["copies"][k] for k in KINDS)) for r in results])  # fmt: skip
    boot = [_f1(*per[rng.integers(len(per), size=len(per))].sum(0)) for _ in range(2000)]
    return {
        "tp": tp, "fp": fp, "found": found, "copies": copies,
        "precision": tp / (tp + fp) if tp + fp else math.nan, "p_ci": wilson(tp, tp + fp),
        "recall": found / copies if copies else math.nan, "r_ci": wilson(found, copies),
        "f1": _f1(tp, fp, found, copies), "f1_ci": tuple(np.percentile(boot, [2.5, 97.5])),
        "by_kind": {k: (sum(r["found"][k] for r in results), sum(r["copies"][k] for r in results))
                    for k in (*KINDS, *PLACES)},
        "fp_kinds": sum((r["fp_kinds"] for r in results), Counter()),
    }  # fmt: skip


# --------------------------------------------------------------------------- speed


def speed(corpus, mb: float, repeat: int) -> list[tuple[str, float, float, str]]:
    import toolkit
    import toolkit.segment.stories as stories_module
    from toolkit.load.synth import sample_dumps
    from toolkit.segment.repeats import find_repeats

    def stub(texts, ids, **_):
        return [None] * len(texts), [None] * len(texts)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "big"
        folder.mkdir()
        size, seed = 0, 0
        while size < mb * 1e6:
            blob = "".join("\n".join(d.lines) + "\n" for d in sample_dumps(corpus, 50, rng=seed))
            (folder / f"day{seed:03d}.txt").write_text(blob, encoding="utf-8")
            size += len(blob.encode("utf-8"))
            seed += 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", toolkit.ToolkitWarning)
            toolkit.load_dump(folder / "day000.txt")  # warm up: imports, models
            times = defaultdict(list)  # name -> [(wall s, CPU s)]

            def timed(name, fn, *a):
                w, c = time.perf_counter(), time.process_time()
                out = fn(*a)
                times[name].append((time.perf_counter() - w, time.process_time() - c))
                return out

            for _ in range(repeat):
                stories = timed("load", toolkit.load_dump, folder)
                texts, ids = stories["text"].tolist(), stories["story_id"].tolist()
                timed("find", find_repeats, texts, ids)
                with mock.patch.object(stories_module, "find_repeats", stub):
                    timed("bare", toolkit.load_dump, folder)
    mb_real = size / 1e6
    n_rep = int(stories["duplicate_of"].notna().sum())
    n_exact = int((stories["similarity"] == 1.0).sum())
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    info = (f"{mb_real:.1f} MB in {seed} files, {len(stories)} stories ({text_mb:.1f} MB of "
            f"story text), {n_rep} flagged as repeats ({n_exact} exact)")  # fmt: skip
    rows = []
    for key, label in (("load", "load_dump (with repeat detection)"),
                       ("find", "find_repeats alone, on the loaded stories"),
                       ("bare", "load_dump with find_repeats stubbed out")):  # fmt: skip
        wall = statistics.median(w for w, _ in times[key])
        cpu = statistics.median(c for _, c in times[key])
        runs = ", ".join(f"{w:.2f}/{c:.2f}" for w, c in times[key])
        rows.append((label, wall, cpu, runs, mb_real))
    return rows, info


# --------------------------------------------------------------------------- main


def _lsh_bands() -> str | None:
    """The detector's LSH bands (private settings, read if present) and the chance that a
    pair at a given similarity never becomes a candidate: such a pair is missed whatever
    its exact similarity."""
    from toolkit.segment import repeats

    perm, threshold = getattr(repeats, "_NUM_PERM", None), getattr(repeats, "_LSH_THRESHOLD", None)
    if perm is None or threshold is None:
        return None
    try:
        from datasketch.lsh import _optimal_param

        b, r = _optimal_param(threshold, perm, 0.5, 0.5)
    except (ImportError, TypeError, ValueError):  # datasketch's private helper moved
        return None
    miss = ", ".join(f"{s:.2f}: {(1 - s**r) ** b:.2%}" for s in (0.5, 0.55, 0.6, 0.7))
    return (
        f"LSH: {perm} permutations in {b} bands of {r} (datasketch's choice for threshold "
        f"{threshold}); chance that a pair of similarity s is never a candidate (so is "
        f"missed): {miss}."
    )


def _versions() -> str:
    import hashlib

    from toolkit.segment import repeats, stories

    return ", ".join(f"{Path(m.__file__).name} {hashlib.sha256(Path(m.__file__).read_bytes()).hexdigest()[:12]}"
                     for m in (repeats, stories))  # fmt: skip


def _held(story: dict, truth: list[dict]) -> str:
    """What a loaded story holds: paragraphs of which true stories (kind #group)."""
    parts = (f"{k} paragraphs of {truth[i]['kind']} #{truth[i]['group']}"
             for i, k in sorted(story["holds"].items()))  # fmt: skip
    return " + ".join(parts) or "nothing"


def _pct(x: float) -> str:
    return "n/a" if math.isnan(x) else f"{x:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folders", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--split", default="test", choices=("train", "val", "test"))
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3, help="timing rounds; medians count")
    parser.add_argument(
        "--same-file",
        type=float,
        default=0.15,
        help="share of copies saved in their original's file (never next to it)",
    )
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--examples", type=int, default=8, help="misses and false matches shown")
    args = parser.parse_args()
    if args.folders < 1 or args.repeat < 1:
        parser.error("--folders and --repeat must be at least 1")
    sys.path.insert(0, str(HERE))
    import pandas as pd
    from bbc import BBC

    from toolkit.segment.repeats import MIN_SIMILARITY

    if not all((BBC / f"{s}.csv").exists() for s in ("train", "val", "test")):
        print("BBC corpus not found under ../shared/corpora/bbc; nothing to measure")
        return 0
    t0 = time.perf_counter()
    corpus = pd.concat([pd.read_csv(BBC / f"{s}.csv").assign(split=s)
                        for s in ("train", "val", "test")], ignore_index=True)  # fmt: skip
    keep, dropped, related = source_pool(corpus, args.split)
    pool_texts = corpus["text"].astype(str).to_numpy()[keep].tolist()
    pool_cats = corpus["category"].astype(str).to_numpy()[keep].tolist()
    neighbours = nearest_neighbours(pool_texts)

    rng = np.random.default_rng([args.seed, 1])
    rows = {"detector": [], "loader": []}
    all_truth, examples = [], {"detector": [], "loader": []}
    cut_right = {False: [0, 0], True: [0, 0]}
    detector_sims: list[float] = []  # file holds one story twice -> [exact, all]
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.folders):
            folder = Path(tmp) / f"folder{n:04d}"
            truth = make_folder(
                folder,
                pool_texts,
                pool_cats,
                neighbours,
                related,
                np.random.default_rng([args.seed, n]),
                args.same_file,
            )
            all_truth.append(truth)
            loaded = loader_predictions(folder, truth)
            twice = {f for f, k in Counter((t["file"], t["group"]) for t in truth).items() if k > 1}
            twice = {f for f, _ in twice}
            for p in loaded:  # true stories the loader cut exactly, by file
                if _whole(p, truth):
                    cut_right[truth[p["truth"]]["file"] in twice][0] += 1
            for t in truth:
                cut_right[t["file"] in twice][1] += 1
            detected = detector_predictions(truth)
            detector_sims += [p["similarity"] for p in detected if p["duplicate_of"] is not None]
            for name, predicted in (("detector", detected), ("loader", loaded)):
                result = score_folder(truth, predicted)
                rows[name].append(result)
                examples[name] += [("miss", n, truth, x) for x in result["misses"]]
                examples[name] += [("false", n, truth, x) for x in result["false"]]
    gen_s = time.perf_counter() - t0

    # Similarities, computed here: each copy to its original; pairs of different stories.
    copy_sim = defaultdict(list)
    same_pairs, other_pairs, close_pairs = [], [], []
    for truth in all_truth:
        first = {t["group"]: t for t in truth if t["kind"] == "original"}
        for t in truth:
            if t["kind"] != "original":
                copy_sim[t["kind"]].append(jaccard(t["shingles"], first[t["group"]]["shingles"]))
        originals = list(first.values())
        for i, a in enumerate(originals):
            for b in originals[i + 1 :]:
                sim = jaccard(a["shingles"], b["shingles"])
                (same_pairs if _same_subject(a, b) else other_pairs).append(sim)
                if a["group"] == b["partner"] or b["group"] == a["partner"]:
                    close_pairs.append(sim)

    n_files = sum(len({t["file"] for t in truth}) for truth in all_truth)
    n_stories = sum(len(truth) for truth in all_truth)
    print(
        f"## Repeat detection on {args.folders} generated folders ({args.split} split, seed {args.seed})\n"
    )
    print(f"Pool: {len(keep)} {args.split} stories ({dropped} left out for an exact or near copy "
          f"elsewhere in the corpus). Folders: {n_files} files, {n_stories} stories, "
          f"{sum(len(v) for v in copy_sim.values())} planted copies; "
          f"{len(same_pairs)} pairs of different stories on the same subject. "
          f"MIN_SIMILARITY = {MIN_SIMILARITY}. Built and scored in {gen_s:.0f} s. "
          f"Code measured (sha256): {_versions()}.\n")  # fmt: skip

    summary = {name: summarise(res, rng) for name, res in rows.items()}
    labels = {"detector": "find_repeats on true stories", "loader": "load_dump(folder)"}
    print("| | " + " | ".join(f"recall: {k}" for k in (*KINDS, *PLACES))
          + " | precision [95% CI] | recall [95% CI] | F1 [95% CI] | false matches: same subject / other / segmentation |")  # fmt: skip
    print("|---|" + "---:|" * (len(KINDS) + len(PLACES) + 4))
    for name, s in summary.items():
        kinds = " | ".join(
            f"{f / c:.3f} ({f}/{c})" if c else "n/a" for f, c in s["by_kind"].values()
        )
        fpk = s["fp_kinds"]
        print(f"| {labels[name]} | {kinds} | {_pct(s['precision'])} [{s['p_ci'][0]:.3f}, {s['p_ci'][1]:.3f}] "
              f"({s['tp']}/{s['tp'] + s['fp']}) | {_pct(s['recall'])} [{s['r_ci'][0]:.3f}, "
              f"{s['r_ci'][1]:.3f}] ({s['found']}/{s['copies']}) | {s['f1']:.3f} "
              f"[{s['f1_ci'][0]:.3f}, {s['f1_ci'][1]:.3f}] | {fpk['same subject']} / "
              f"{fpk['other subject']} / {fpk['segmentation']} |")  # fmt: skip
    (a, n), (b, m) = cut_right[False], cut_right[True]
    print(
        f"\nload_dump cut {(a + b) / (n + m):.1%} of the true stories exactly (all their body "
        f"paragraphs and no other): {a / n:.1%} of {n} in files holding each story once, "
        f"{b / m if m else math.nan:.1%} of {m} in files holding a story twice (never side by side)."
    )
    goals = [(name, s["precision"] >= 0.98, s["recall"] >= 0.95) for name, s in summary.items()]
    print("\nGoals (precision >= 0.98, recall >= 0.95): " + "; ".join(
        f"{labels[n]}: precision {'met' if p else 'MISSED'}, recall {'met' if r else 'MISSED'}"
        for n, p, r in goals) + ".\n")  # fmt: skip

    # Margin around MIN_SIMILARITY.
    print(
        f"### Word 5-gram Jaccard similarity (exact, computed here) around MIN_SIMILARITY = {MIN_SIMILARITY}\n"
    )
    print("| | n | min | 1st pct | 5th pct | median | below MIN_SIMILARITY |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, vals in [*((f"copy vs original: {k}", copy_sim[k]) for k in KINDS),
                        ("different stories, same subject", same_pairs),
                        ("of which planted pairs (related or closest)", close_pairs),
                        ("different stories, other subjects", other_pairs)]:  # fmt: skip
        v = np.array(vals) if vals else np.array([math.nan])
        below = int((v < MIN_SIMILARITY).sum())
        print(f"| {label} | {len(vals)} | {np.nanmin(v):.3f} | {np.nanpercentile(v, 1):.3f} | "
              f"{np.nanpercentile(v, 5):.3f} | {np.nanmedian(v):.3f} | {below} |")  # fmt: skip
    near = [x for k in KINDS[1:] for x in copy_sim[k]]
    print(
        f"\nMargin: lowest near copy {min(near):.3f}, highest same-subject pair "
        f"{max(same_pairs):.3f} (highest pair of any two different stories "
        f"{max(same_pairs + other_pairs):.3f}).\n"
    )
    found_sims = [p for p in detector_sims if p is not None and p < 1.0]
    if found_sims:
        print(
            f"find_repeats' own similarity (its tokens: white-space words) on the near copies "
            f"it found among true stories: min {min(found_sims):.3f}, "
            f"{sum(x < 0.6 for x in found_sims)} of {len(found_sims)} under 0.6."
        )
    lsh = _lsh_bands()
    if lsh:
        print(lsh)
    print()
    bins = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.01]
    hist_near = np.histogram(near, bins=bins)[0]
    hist_exact = np.histogram(copy_sim["exact"], bins=bins)[0]
    hist_same = np.histogram(same_pairs, bins=bins)[0]
    print(
        "| Jaccard | "
        + " | ".join(
            f"[{a:.1f}, {b:.1f})" if b <= 1 else "1.0" for a, b in itertools.pairwise(bins)
        )
        + " |"
    )
    print("|---|" + "---:|" * (len(bins) - 1))
    print("| near copies (edits) | " + " | ".join(str(x) for x in hist_near) + " |")
    print("| exact copies | " + " | ".join(str(x) for x in hist_exact) + " |")
    print("| same-subject different stories | " + " | ".join(str(x) for x in hist_same) + " |")

    # Examples of what misses.
    for name in ("detector", "loader"):
        ex = examples[name]
        if not ex:
            continue
        causes = Counter(x[2] for what, _, _, x in ex if what == "miss")
        print(
            f"\n### {labels[name]}: {sum(e[0] == 'miss' for e in ex)} missed copies, "
            f"{sum(e[0] == 'false' for e in ex)} false matches\n"
        )
        for cause, k in causes.most_common():
            print(f"- missed because {cause}: {k}")
        print(
            f"\nThe first {args.examples} of each (numbers only: the corpus is not ours to copy):\n"
        )
        shown = [e for e in ex if e[0] == "miss"][: args.examples]
        shown += [e for e in ex if e[0] == "false"][: args.examples]
        for what, n, truth, x in shown:
            if what == "miss":
                t, main, cause = x
                story = truth[t]
                orig = next(
                    s for s in truth if s["group"] == story["group"] and s["kind"] == "original"
                )
                j = jaccard(story["shingles"], orig["shingles"])
                where = "no loaded story holds it" if main is None else (
                    f"held by a loaded story with {main['holds'][t]}/{len(story['body_lines'])} of its "
                    f"paragraphs, which stands for {'it' if main['truth'] == t else 'another true story'}"
                    f" ({main['share']:.0%} of its paragraphs); duplicate_of "
                    f"{'unset' if main['duplicate_of'] is None else 'wrong'}")  # fmt: skip
                print(
                    f"- miss, folder {n}: {story['kind']} ({len(story['text'].split())} words, "
                    f"{story['category']}), Jaccard to original {j:.3f}; {where} ({cause})"
                )
            else:
                why, p, t, u, q = x

                jt = (jaccard(truth[t]["shingles"], truth[u]["shingles"])
                      if t is not None and u is not None else math.nan)  # fmt: skip
                print(
                    f"- false match, folder {n} ({why}): the flagged story holds {_held(p, truth)}; "
                    f"duplicate_of holds {_held(q, truth)}; reported similarity {p['similarity']}, "
                    f"the true stories they stand for {jt:.3f}"
                )

    if args.skip_speed:
        return 0
    rows_speed, info = speed(corpus.drop(columns="split"), args.mb, args.repeat)
    print(f"\n### Speed ({info}; median of {args.repeat} rounds in one process)\n")
    print("| | wall s | MB/s of dump (wall) | CPU s | MB/s of dump (CPU) | runs: wall/CPU s |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, wall, cpu, runs, mb in rows_speed:
        print(f"| {label} | {wall:.2f} | {mb / wall:.1f} | {cpu:.2f} | {mb / cpu:.1f} | {runs} |")
    (_, wall, cpu, _, mb), (_, _, fcpu, _, _) = rows_speed[:2]
    print(
        f"\nGoal (loader with repeat detection >= 2 MB/s on 10 MB): "
        f"{'met' if mb / wall >= 2 else 'MISSED'} by wall time ({mb / wall:.1f} MB/s), "
        f"{'met' if mb / cpu >= 2 else 'MISSED'} by CPU time ({mb / cpu:.1f} MB/s); repeat "
        f"detection takes {fcpu / cpu:.0%} of the load's CPU time. CPU time is the steadier "
        f"figure on a shared machine (wall time also counts waiting for a core)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
