#!/usr/bin/env python3
"""The corpus test: how duet reads and pairs every transcript with an answer key.

usage: check.py [-v] [KEY.key.json ...]

Run from the repository's root (test_corpus.sh does). For every
tests/corpus/*.key.json (or the keys named) it runs
`$DUET_BIN --no-resume --export=json FILE...` and `$DUET_BIN --check FILE...`
and compares what duet says with the key (tests/corpus/README.md describes
the key, version 2):

reading  the layout (one of the key's `|` alternatives); every unit found on
         its own language side; each unit's speaker (the key's name occurs in
         duet's speaker for the segment or paragraph holding the unit, case
         and spaces aside; null = no speaker); each unit's start time; each
         note found among duet's notes and in no segment; the encoding when
         the key names one; `--check` exits 0 with nothing unaccounted.
pairing  the key's beads reproduced exactly, by the rule of the development
         set's scorer: each segment is mapped to the units whose first
         characters occur in its text, in document order, and a bead is exact
         when one segment holds exactly its units.

A file of ours that misreads or mispairs anything fails the test unless
tests/corpus/known-failures.txt lists it (`FILE  read|pair|read,pair
reason`); a listed file that is now clean in what its entry lists fails too
(the entry is stale). With ../shared beside the repository, the published
seed is checked against its line-numbered gold key (it must match exactly)
and the development set is reported, never failing; without it, one SKIP
line each.

Python 3 standard library only. Exit status: 0 pass, 1 fail, 2 bad usage.
"""
import codecs
import glob
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

CORPUS = "tests/corpus"
SHARED = "../shared"
SEED_KEY = os.path.join(SHARED, "corpus", "seed-sectioned-zh-en.gold.json")
DEV_DIR = os.path.join(SHARED, "corpus", "dev")
KNOWN = os.path.join(CORPUS, "known-failures.txt")
TIMEOUT = 120
LAYOUTS = ("sectioned", "interleaved", "inline", "two-files", "srt", "vtt", "ass",
           "table", "stt", "tsv")
SHOW = 4  # details shown per kind of mistake


# --- text -------------------------------------------------------------------

def norm(s):
    """The development set's normalisation: NFKC, no `*`, no tags, no
    whitespace, lower case."""
    s = unicodedata.normalize("NFKC", s or "")
    s = s.replace("*", "").replace("\u3000", " ")
    s = re.sub(r"<[^>]*>", " ", s)
    s = re.sub(r"\s+", "", s)
    return s.lower()


def norm_markup(s):
    """Markup kept: notes are often markup (`<summary>`, `---`, `* * *`)."""
    s = unicodedata.normalize("NFKC", s or "")
    return re.sub(r"\s+", "", s).lower()


def norm_name(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or "")).lower()


def short(s, n=24):
    s = re.sub(r"\s+", " ", s or "").strip()
    return s if len(s) <= n else s[:n] + "…"


def parse_time(s):
    """Milliseconds from `mm:ss`, `h:mm:ss`, `hh:mm:ss,mmm`, `hh:mm:ss.mmm`,
    full-width colons and an SRT range's start; None when it is none of them."""
    if s is None:
        return None
    s = unicodedata.normalize("NFKC", str(s)).split("-->")[0].strip().strip("[]()")
    m = re.fullmatch(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?", s.strip())
    if not m:
        return None
    h, mi, se, frac = m.groups()
    ms = int((frac or "0").ljust(3, "0"))
    return ((int(h or 0) * 60 + int(mi)) * 60 + int(se)) * 1000 + ms


def show_time(ms):
    if ms is None:
        return "none"
    s, ms = divmod(int(ms), 1000)
    h, s = divmod(s, 3600)
    m, s = divmod(s, 60)
    t = f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
    return t + (f".{ms:03d}" if ms else "")


def canon_encoding(e):
    return re.sub(r"[-_ ]", "", str(e or "")).upper()


# --- the development set's scoring rule, reimplemented ----------------------

def seg_text(side):
    if side is None:
        return ""
    if isinstance(side, str):
        return side
    t = side.get("text")
    if t is None and "paragraphs" in side:
        t = "\n".join(p.get("text", "") if isinstance(p, dict) else str(p)
                      for p in side["paragraphs"])
    return t or ""


def unit_key(u):
    return norm(u.get("first_chars", ""))[:10]


def assign(units, texts):
    """{unit index: segment index}: the longest chain of units, in document
    order, whose first characters occur in order in the segments' texts
    (segment, then position; inside a segment a unit starts after the end of
    the previous one, its whole text where the segment holds it). A unit duet
    misplaced is left out rather than pulling the scan to a far copy of a
    short repeated unit."""
    big = 1 << 32
    cands = []
    for u in units:
        key = unit_key(u)
        full = norm(u.get("text", "")) or key
        cs = []
        if key:
            for j, t in enumerate(texts):
                pos = t.find(key)
                while pos >= 0:
                    end = pos + (len(full) if t.startswith(full, pos) else len(key))
                    cs.append((j * big + pos, j * big + end, j))
                    pos = t.find(key, pos + 1)
        cands.append(cs)
    coords = sorted({c[0] for cs in cands for c in cs} | {c[1] for cs in cands for c in cs})
    rank = {c: r + 1 for r, c in enumerate(coords)}
    n = len(coords)
    tree = [(0, 0, None)] * (n + 1)  # Fenwick tree of the best chain ending at or before

    def better(a, b):
        return a if (a[0], a[1]) > (b[0], b[1]) else b

    def query(r):
        best = (0, 0, None)
        while r > 0:
            best = better(best, tree[r])
            r -= r & -r
        return best

    def update(r, v):
        while r <= n:
            tree[r] = better(tree[r], v)
            r += r & -r

    top = (0, 0, None)
    for i, cs in enumerate(cands):
        found = []
        for start, end, j in cs:
            prev = query(rank[start])
            found.append(((prev[0] + 1, -end, (i, j, prev[2])), rank[end]))
        for v, r in found:
            update(r, v)
            top = better(top, v)
    out = {}
    node = top[2]
    while node is not None:
        i, j, node = node
        out[i] = j
    return out


def pairing(zh_units, en_units, alignment, segs):
    """(exact beads, [(gold bead index, gold bead, what duet made of it)]
    for the beads duet did not reproduce)."""
    zt = [norm(seg_text(s.get("zh"))) for s in segs]
    et = [norm(seg_text(s.get("en"))) for s in segs]
    za = assign(zh_units, zt)
    ea = assign(en_units, et)
    pred = {}
    for i, j in za.items():
        pred.setdefault(j, (set(), set()))[0].add(i)
    for i, j in ea.items():
        pred.setdefault(j, (set(), set()))[1].add(i)
    beads = {(frozenset(a), frozenset(b)) for a, b in pred.values()}
    exact, wrong = 0, []
    for k, (z, e) in enumerate(alignment):
        if (frozenset(z), frozenset(e)) in beads:
            exact += 1
            continue
        got = []
        for j in sorted({za[i] for i in z if i in za} | {ea[i] for i in e if i in ea}):
            a, b = pred[j]
            got.append((j, sorted(a), sorted(b)))
        wrong.append((k, (z, e), got))
    return exact, wrong, za, ea


# --- running duet -------------------------------------------------------------

class Run:
    """duet's export and --check of one transcript."""

    def __init__(self, duet, files, tmp):
        self.error = None
        self.export = {}
        out = os.path.join(tmp, "export.json")
        try:
            with open(out, "wb") as f:
                r = subprocess.run([duet, "--no-resume", "--export=json"] + files, stdout=f,
                                   stderr=subprocess.PIPE, timeout=TIMEOUT)
            if r.returncode != 0:
                self.error = f"duet --export=json exited {r.returncode}: " + \
                    short(r.stderr.decode("utf-8", "replace"), 200)
            else:
                with open(out, encoding="utf-8") as f:
                    self.export = json.load(f)
        except subprocess.TimeoutExpired:
            self.error = f"duet --export=json ran over {TIMEOUT} s"
        except ValueError as e:
            self.error = f"duet's export is not JSON: {e}"
        try:
            r = subprocess.run([duet, "--check"] + files, capture_output=True, timeout=TIMEOUT)
            self.check_rc = r.returncode
            self.check_out = r.stdout.decode("utf-8", "replace") + r.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            self.check_rc, self.check_out = -1, f"duet --check ran over {TIMEOUT} s"
        self.segs = self.export.get("segments") or []

    def notes_text(self):
        """Every note duet exports, wherever it hangs (top level, segment or
        paragraph)."""
        found = []

        def walk(x, under_notes):
            if isinstance(x, dict):
                if under_notes and isinstance(x.get("text"), str):
                    found.append(x["text"])
                for k, v in x.items():
                    walk(v, k in ("notes", "note"))
            elif isinstance(x, list):
                for v in x:
                    walk(v, under_notes)
            elif isinstance(x, str) and under_notes:
                found.append(x)
        walk(self.export, False)
        return "\n".join(found)

    def encoding(self):
        e = self.export.get("encoding")
        if e:
            return str(e)
        m = re.search(r"^\s*encoding:\s*(\S+)", self.check_out, re.M)
        return m.group(1) if m else None

    def check_problem(self, nfiles):
        """None when --check called it a transcript with every input accounted
        for, else what it said."""
        if self.check_rc != 0:
            tail = [l for l in self.check_out.splitlines() if l.strip()][-1:] or [""]
            return f"--check exited {self.check_rc}: {short(tail[0], 80)}"
        counts = [int(n) for n in re.findall(r"\bunaccounted[ :]+(\d+)", self.check_out)]
        if len(counts) < nfiles:
            return "--check printed no accounting of the input"
        if any(counts):
            return f"--check left {sum(counts)} unaccounted"
        return None


# --- answer keys ------------------------------------------------------------

class Case:
    """One transcript and what its key says, in the shape of version 2."""

    def __init__(self, key_path, kind):
        self.key_path = key_path
        self.kind = kind  # ours, seed or dev
        with open(key_path, encoding="utf-8") as f:
            self.key = json.load(f)
        k = self.key
        d = os.path.dirname(key_path)
        rel = k.get("files") or [k.get("file") or k.get("case")]
        self.files = [os.path.normpath(os.path.join(d, r)) for r in rel]
        self.name = os.path.basename(rel[0])
        self.stem = os.path.basename(key_path).split(".key.json")[0].split(".gold.json")[0]
        self.old = "version" not in k and "segments_zh_lines_to_en_lines" in k
        self.layouts = self.layout_alternatives(k.get("layout", ""))
        self.zh = k.get("zh_units", [])
        self.en = k.get("en_units", [])
        self.alignment = k.get("alignment", [])
        self.encoding = k.get("encoding")
        if kind == "dev":
            self.notes = [{"kind": "noise", "first_chars": n}
                          for n in (self.dev_noise(x) for x in k.get("noise", [])) if n]
            self.names = self.dev_names(k.get("speakers", []))
        else:
            self.notes = [] if self.old else k.get("notes", [])
            self.names = {}

    @staticmethod
    def layout_alternatives(text):
        """v2: `a|b`; older keys: the first word; the development set's free
        text: the first layout it names."""
        first = re.split(r"[:,(;]", text)[0].strip()
        alts = [a.strip() for a in first.split("|") if a.strip()]
        if alts and all(a in LAYOUTS for a in alts):
            return alts
        low = text.lower()
        for word, lay in (("srt", "srt"), ("webvtt", "vtt"), ("vtt", "vtt"), ("ass", "ass")):
            if low.startswith("subtitle") and word in low:
                return [lay]
        for w in re.findall(r"[a-z-]+", low):
            for cand in (w, w.split("-")[-1]):
                if cand in LAYOUTS:
                    return [cand]
        return alts or [text]

    @staticmethod
    def dev_noise(x):
        """The development set lists noise by its first characters, some with
        a description after them."""
        x = re.sub(r"\s+\((?:[^()]*lines?|YAML|markup)[^()]*\)$", "", x)
        return x.split(" / ")[0].strip()

    @staticmethod
    def dev_names(speakers):
        """The development set names speakers by description (`Nicolai
        Tangen (host)`) with the labels they go by: any of them counts."""
        names = {}
        for s in speakers:
            cands = set()
            for v in [s.get("name", "")] + list(s.get("variants", [])):
                if v.startswith("("):
                    continue
                v = re.sub(r"<v\s+([^>]*)>", r"\1", v)
                v = re.sub(r"[*【】\[\]]", "", v)
                v = re.sub(r"\s*\([^)]*\)", "", v)
                v = re.sub(r"\s*\d+[:：]\d+.*$", "", v)
                v = v.split(":")[0].split("：")[0]
                for part in re.split(r"\s*/\s*", v):
                    if norm_name(part):
                        cands.add(norm_name(part))
            names[s.get("name")] = cands
        return names

    def units(self):
        return [("zh", i, u) for i, u in enumerate(self.zh)] + \
               [("en", i, u) for i, u in enumerate(self.en)]


class Result:
    """What the comparison of one case found."""

    def __init__(self, case):
        self.case = case
        self.read_ok = 0
        self.read_all = 0
        self.beads_ok = 0
        self.beads = len(case.alignment)
        self.problems = {}  # kind -> [lines]
        self.layout = ""

    def check(self, ok, kind=None, detail=None):
        self.read_all += 1
        if ok:
            self.read_ok += 1
        elif kind:
            self.problems.setdefault(kind, []).append(detail)

    def note(self, kind, detail):
        self.problems.setdefault(kind, []).append(detail)

    @property
    def reads_clean(self):
        return self.read_ok == self.read_all

    @property
    def pairs_clean(self):
        return self.beads_ok == self.beads


def speaker_matches(case, want, got):
    if want is None:
        return not got
    if not got:
        return False
    g = norm_name(got)
    if case.kind == "dev":
        parts = [norm_name(p) for p in re.split(r"\s*/\s*", got)]
        for c in case.names.get(want, {norm_name(want)}):
            if (len(c) >= 2 and c in g) or c in parts:
                return True
        return False
    return norm_name(want) in g


def locate(run, side, key, seg_index):
    """The segment and paragraph of duet's output holding a unit."""
    if seg_index is None:
        for j, s in enumerate(run.segs):
            if key in norm(seg_text(s.get(side))):
                seg_index = j
                break
    if seg_index is None:
        return None, None
    seg = run.segs[seg_index]
    part = seg.get(side) if isinstance(seg.get(side), dict) else {}
    for p in part.get("paragraphs") or []:
        if isinstance(p, dict) and key in norm(p.get("text", "")):
            return seg, p
    return seg, None


def unit_time(seg, para, side):
    if para is not None and para.get("start_ms") is not None:
        return para["start_ms"]
    part = seg.get(side) if isinstance(seg.get(side), dict) else {}
    times = part.get("times") or seg.get("times")
    if times:
        return times[0]
    return seg.get("start_ms")


def compare(case, run):
    """Reading and pairing of one version-2 (or development set) case."""
    res = Result(case)
    exp = run.export
    res.layout = exp.get("layout", "")
    if run.error:
        res.note("duet", run.error)
    res.check(res.layout in case.layouts, "layout",
              f"duet says '{res.layout or 'nothing'}', want '{'|'.join(case.layouts)}'")

    exact, wrong, za, ea = pairing(case.zh, case.en, case.alignment, run.segs)
    res.beads_ok = exact
    texts = {side: [norm(seg_text(s.get(side))) for s in run.segs] for side in ("zh", "en")}
    chain = {"zh": za, "en": ea}
    for side, i, u in case.units():
        key = unit_key(u)
        label = f"{side} {i} \"{short(u.get('first_chars'), 16)}\""
        found = bool(key) and any(key in t for t in texts[side])
        res.check(found, "missed", label)
        seg, para = locate(run, side, key, chain[side].get(i)) if found else (None, None)
        if "speaker" in u and not (case.kind == "dev" and u["speaker"] is not None
                                   and not case.names.get(u["speaker"])):
            got = None
            if seg is not None:
                got = para.get("speaker") if para is not None and para.get("speaker") else seg.get("speaker")
            ok = seg is not None and speaker_matches(case, u["speaker"], got)
            res.check(ok, "speaker" if seg is not None else None,
                      f"{label}: duet says {got!r}, want {u['speaker']!r}")
        if u.get("time") is not None:
            want = parse_time(u["time"])
            got = unit_time(seg, para, side) if seg is not None else None
            ok = want is not None and got is not None and int(got) == want
            res.check(ok, "time" if seg is not None else None,
                      f"{label}: duet says {show_time(got)}, want {u['time']}")

    notes_markup = norm_markup(run.notes_text())
    notes_plain = norm(run.notes_text())
    seg_markup = [norm_markup(seg_text(s.get(side))) for s in run.segs for side in ("zh", "en")]
    seg_plain = texts["zh"] + texts["en"]
    for n in case.notes:
        fc = n.get("first_chars", "")
        m, p = norm_markup(fc), norm(fc)
        among = bool((m and m in notes_markup) or (p and p in notes_plain))
        inseg = bool(m and any(m in t for t in seg_markup)) or \
            bool(len(p) >= 2 and any(p in t for t in seg_plain))
        why = "in a segment" if inseg else "not among duet's notes"
        rest = re.split(r"[:：]", unicodedata.normalize("NFKC", fc), 1)
        if not inseg and not among and len(rest) == 2 and len(rest[0].strip()) <= 8:
            r = norm(rest[1])
            if len(r) >= 4 and any(r in t for t in seg_plain):
                inseg, why = True, f"read as a speaker '{rest[0].strip()}' whose text is in a segment"
        res.check(among and not inseg, "note", f"\"{short(fc, 28)}\" {why}")

    if case.encoding:
        got = run.encoding()
        res.check(canon_encoding(got) == canon_encoding(case.encoding), "encoding",
                  f"duet says {got or 'nothing'}, want {case.encoding}")
    prob = run.check_problem(len(case.files))
    res.check(prob is None, "check", prob)

    for k, (z, e), got in wrong[:SHOW]:
        did = "; ".join(f"segment {j + 1}: zh {fmt_ix(a)} / en {fmt_ix(b)}" for j, a, b in got) \
            or "no segment holds them"
        res.note("beads", f"#{k + 1} zh {fmt_ix(z)} / en {fmt_ix(e)} -> {did}")
    if len(wrong) > SHOW:
        res.note("beads", f"… and {len(wrong) - SHOW} more")
    return res


def fmt_ix(ix):
    return "[" + ",".join(str(i) for i in ix) + "]" if ix else "-"


def compare_old(case, run):
    """A line-numbered key (the published seed's): everything must match
    exactly — segments, units, speakers with their labels, notes."""
    k, exp = case.key, run.export
    res = Result(case)
    res.layout = exp.get("layout", "")
    if run.error:
        res.note("duet", run.error)
    res.check(res.layout in case.layouts, "layout",
              f"duet says '{res.layout or 'nothing'}', want '{'|'.join(case.layouts)}'")
    want_segs = [[list(z), list(e)] for z, e in k.get("segments_zh_lines_to_en_lines", [])]
    got_segs = [[(s.get("zh") or {}).get("lines") or [], (s.get("en") or {}).get("lines") or []]
                for s in run.segs]
    res.beads = len(want_segs)
    res.beads_ok = sum(1 for s in want_segs if s in got_segs)
    missed = [s for s in want_segs if s not in got_segs]
    if missed or len(got_segs) != len(want_segs):
        extra = [s for s in got_segs if s not in want_segs]
        res.note("beads", f"{len(got_segs)} segments, want {len(want_segs)}; missed {missed[:SHOW]}, "
                          f"got instead {extra[:SHOW]}")

    def key_units(side):
        return [(side, tuple(u.get("lines") or [u.get("line")]), u.get("speaker"), u.get("label_line"))
                for u in k.get(side + "_units", [])]

    def out_units(side):
        out = []
        for s in run.segs:
            for p in ((s.get(side) or {}).get("paragraphs") or []):
                out.append((side, tuple(p.get("lines") or []), p.get("speaker") or s.get("speaker"),
                            p.get("label_line")))
        return out
    ku = key_units("zh") + key_units("en")
    ou = out_units("zh") + out_units("en")
    for u in ku:
        res.check(u in ou, "unit", f"{u[0]} lines {list(u[1])} ({u[2]}, label line {u[3]})")
    res.check(len(ou) == len(ku), "unit", f"duet has {len(ou)} units, want {len(ku)}")

    def key_notes():
        g = {}
        for kind, lines in (k.get("notes") or {}).items():
            g.setdefault("marker" if kind == "section_marker" else kind, set()).update(lines)
        return {a: sorted(b) for a, b in g.items()}

    def out_notes():
        g = {}
        for n in exp.get("notes") or []:
            g.setdefault(n.get("kind"), set()).update(n.get("lines") or [])
        return {a: sorted(b) for a, b in g.items()}
    kn, on = key_notes(), out_notes()
    res.check(kn == on, "note", f"duet has {on}, want {kn}")

    def speakers(x):
        return sorted((s.get("name"), tuple(sorted(s.get("labels") or []))) for s in x.get("speakers") or [])
    ks, os_ = speakers(k), speakers(exp)
    res.check(ks == os_, "speaker", f"duet has {os_}, want {ks}")
    prob = run.check_problem(len(case.files))
    res.check(prob is None, "check", prob)
    return res


# --- the keys themselves -----------------------------------------------------

def read_transcript(path, encoding):
    with open(path, "rb") as f:
        raw = f.read()
    enc = "utf-8-sig"
    if encoding:
        try:
            enc = codecs.lookup(encoding).name
        except LookupError:
            pass
        if enc.startswith("utf-16") and raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            enc = "utf-16"
    return raw.decode(enc, "replace")


def validate(case):
    """What a hand-written key gets wrong, checked against its transcript:
    every unit's first characters occur in the file, each side's units in
    document order; the beads cover every unit once, in order; every note
    occurs in the file; times parse; the layout is one duet knows."""
    k, errs = case.key, []
    if k.get("version") != 2:
        errs.append("no \"version\": 2")
    bad = [a for a in case.layouts if a not in LAYOUTS]
    if bad:
        errs.append(f"unknown layout {bad[0]!r}")
    if k.get("order") not in ("zh-en", "en-zh", "mixed"):
        errs.append("order is not zh-en, en-zh or mixed")
    if not all(isinstance(f, int) and 1 <= f <= 19 for f in k.get("forms", [None])):
        errs.append("forms are not wild-forms.md entries (1-19)")
    text = "\n".join(read_transcript(f, case.encoding) for f in case.files)
    text = html.unescape(text)
    if "tsv" in case.layouts:
        text = text.replace("\\\\", "\0").replace("\\n", "\n").replace("\\t", "\t").replace("\0", "\\")
    plain, markup = norm(text), norm_markup(text)
    for side, units in (("zh", case.zh), ("en", case.en)):
        pos = 0
        for i, u in enumerate(units):
            key = norm(u.get("first_chars", ""))
            if not key:
                errs.append(f"{side} {i}: no first_chars")
                continue
            p = plain.find(key, pos)
            if p < 0:
                errs.append(f"{side} {i} \"{short(u.get('first_chars'), 16)}\": " +
                            ("out of document order" if key in plain else "not in the file"))
                continue
            pos = p + 1
            if u.get("time") is not None and parse_time(u["time"]) is None:
                errs.append(f"{side} {i}: time {u['time']!r} does not parse")
            if "speaker" in u and u["speaker"] is not None and not isinstance(u["speaker"], str):
                errs.append(f"{side} {i}: speaker is neither a name nor null")
    for s, (side, units) in enumerate((("zh", case.zh), ("en", case.en))):
        seen = [i for bead in case.alignment for i in bead[s]]
        if seen != list(range(len(units))):
            errs.append(f"the beads do not cover the {side} units once each, in order")
    if any(not (b[0] or b[1]) for b in case.alignment):
        errs.append("an empty bead")
    for n in case.notes:
        fc = n.get("first_chars", "")
        if not fc or not (norm_markup(fc) in markup or (norm(fc) and norm(fc) in plain)):
            errs.append(f"note \"{short(fc, 20)}\" not in the file")
        elif len(norm_markup(fc)) < 2:
            errs.append(f"note \"{fc}\" too short to be found for sure: key more of it")
    return errs


# --- the known failures -------------------------------------------------------

def read_known(path):
    """{file: (set of 'read'/'pair', reason)} and the lines it could not read."""
    known, bad = {}, []
    if not os.path.exists(path):
        return known, bad
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            what = set(parts[1].split(",")) if len(parts) > 1 else set()
            if len(parts) < 3 or not what or not what <= {"read", "pair"}:
                bad.append(f"known-failures.txt:{n}: want `FILE  read|pair|read,pair  reason`: {line}")
                continue
            known[parts[0]] = (what, parts[2])
    return known, bad


# --- output -------------------------------------------------------------------

def pct(a, b):
    return f"{100.0 * a / b:5.1f}%" if b else "  -  "


def line_for(status, res):
    c = res.case
    lay = res.layout or "-"
    want = "|".join(c.layouts)
    if lay not in c.layouts:
        lay = f"{lay}≠{want}"
    return (f"{status:<6}{c.name[:44]:<45}{lay[:22]:<23}read {res.read_ok:4}/{res.read_all:<4} "
            f"beads {res.beads_ok:4}/{res.beads:<4} ({pct(res.beads_ok, res.beads)})")


ORDER = ["duet", "layout", "missed", "unit", "speaker", "time", "note", "encoding", "check", "beads"]


def details(res, brief):
    out = []
    for kind in ORDER:
        items = [x for x in res.problems.get(kind, []) if x]
        if not items:
            continue
        if brief:
            out.append(f"{kind} {len(items)}" if kind != "beads" else
                       f"beads {res.beads - res.beads_ok} wrong")
            continue
        more = f" … and {len(items) - SHOW} more" if len(items) > SHOW and kind != "beads" else ""
        shown = items if kind == "beads" else items[:SHOW]
        out.append(f"      {kind}: " + "; ".join(shown) + more)
    if brief:
        return ["      misread/mispaired: " + ", ".join(out)] if out else []
    return out


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    if any(a.startswith("-") for a in args):
        print(__doc__.split("\n\n")[1])
        return 2
    duet = os.environ.get("DUET_BIN") or "build/duet"
    os.environ.pop("DUET", None)  # duet reads $DUET as default options
    if not (os.path.isfile(duet) and os.access(duet, os.X_OK)):
        print(f"corpus: no duet binary at {duet}")
        return 1
    keys = args or sorted(glob.glob(os.path.join(CORPUS, "*.key.json")))
    if not keys:
        print("corpus: no answer keys in " + CORPUS)
        return 1
    known, bad_known = read_known(KNOWN)
    failures = list(bad_known)
    tmp = tempfile.mkdtemp(prefix="duet-corpus-")
    try:
        ours = run_ours(duet, keys, known, failures, tmp, verbose)
        seed_line = run_seed(duet, failures, tmp) if not args else None
        dev_lines = run_dev(duet, tmp) if not args else None
    finally:
        for f in glob.glob(os.path.join(tmp, "*")):
            os.remove(f)
        os.rmdir(tmp)

    results, listed = ours
    if not args:
        seen = {r.case.name for r in results} | {r.case.stem for r in results}
        for f in sorted(known):
            if f not in seen:
                failures.append(f"known-failures.txt names {f}, which has no key here")
    print()
    r_ok = sum(r.read_ok for r in results)
    r_all = sum(r.read_all for r in results)
    b_ok = sum(r.beads_ok for r in results)
    b_all = sum(r.beads for r in results)
    per = {}
    for r in results:
        lay = r.case.layouts[0]
        a = per.setdefault(lay, [0, 0, 0])
        a[0] += 1
        a[1] += r.beads_ok
        a[2] += r.beads
    for lay in sorted(per):
        n, a, b = per[lay]
        print(f"layout {lay:<12}{n:3} files  exact beads {a:4}/{b:<4} ({pct(a, b)})")
    for l in ([seed_line] if seed_line else []) + (dev_lines or []):
        print(l)
        if l.startswith("SKIP:") and os.environ.get("DUET_SKIP_LOG"):
            with open(os.environ["DUET_SKIP_LOG"], "a") as log:  # tests/run's summary
                log.write(l + "\n")
    for f in failures:
        print("FAIL " + f)
    print(f"corpus: {len(results)} files, reading {r_ok}/{r_all} checks, exact beads {b_ok}/{b_all} "
          f"({pct(b_ok, b_all).strip()}), {listed} on the known-failures list, "
          f"{len(failures)} failing")
    return 1 if failures else 0


def run_ours(duet, keys, known, failures, tmp, verbose):
    results, listed = [], 0
    for kp in keys:
        try:
            case = Case(kp, "ours")
        except (OSError, ValueError) as e:
            failures.append(f"{kp}: cannot read the key: {e}")
            continue
        missing = [f for f in case.files if not os.path.exists(f)]
        if missing:
            failures.append(f"{case.name}: no such file {missing[0]}")
            continue
        errs = [] if case.old else validate(case)
        if errs:
            print(f"BADKEY {case.name}")
            print("      key: " + "; ".join(errs[:SHOW]) + (f" … and {len(errs) - SHOW} more" if len(errs) > SHOW else ""))
            failures.append(f"{case.name}: its key does not fit the transcript")
            continue
        run = Run(duet, case.files, tmp)
        res = compare_old(case, run) if case.old else compare(case, run)
        results.append(res)
        entry = known.get(case.name) or known.get(case.stem)
        bad = (set() if res.reads_clean else {"read"}) | (set() if res.pairs_clean else {"pair"})
        if entry:
            listed += 1
            what, reason = entry
            stale = sorted(what - bad)
            unlisted = sorted(bad - what)
            if unlisted:
                status = "FAIL"
                failures.append(f"{case.name}: {'misreads' if 'read' in unlisted else 'mispairs'}, "
                                f"and its known-failures entry lists only {','.join(sorted(what))}")
            elif stale:
                status = "STALE"
                failures.append(f"{case.name}: now {' and '.join('reads' if s == 'read' else 'pairs' for s in stale)} "
                                f"cleanly: remove {','.join(stale)} from its known-failures entry")
            else:
                status = "known"
            print(line_for(status, res))
            if status == "known" and not verbose:
                print(f"      known failure ({','.join(sorted(what, reverse=True))}): {reason}")
                for l in details(res, brief=True):
                    print(l)
            else:
                for l in details(res, brief=False):
                    print(l)
        else:
            status = "ok" if not bad else "FAIL"
            if bad:
                failures.append(f"{case.name}: {' and '.join('misreads' if b == 'read' else 'mispairs' for b in sorted(bad, reverse=True))}")
            print(line_for(status, res))
            for l in details(res, brief=False):
                print(l)
    return results, listed


def run_seed(duet, failures, tmp):
    if not os.path.exists(SEED_KEY):
        return f"SKIP: the published seed against its gold key (no {SHARED})"
    case = Case(SEED_KEY, "seed")
    run = Run(duet, case.files, tmp)
    res = compare_old(case, run)
    ok = res.reads_clean and res.pairs_clean and not res.problems
    print(line_for("ok" if ok else "FAIL", res))
    for l in details(res, brief=False):
        print(l)
    if not ok:
        failures.append("the published seed does not match its gold key exactly")
    return f"published seed: {'matches its gold key' if ok else 'DIFFERS from its gold key'} " \
           f"(segments {res.beads_ok}/{res.beads})"


def run_dev(duet, tmp):
    if not os.path.isdir(DEV_DIR):
        return [f"SKIP: the development set, reported only (no {SHARED})"]
    print()
    print("development set (reported, never failing):")
    tot = [0, 0, 0, 0, 0]
    for g in sorted(glob.glob(os.path.join(DEV_DIR, "*.gold.json"))):
        stem = os.path.basename(g)[:-len(".gold.json")]
        zh = os.path.join(DEV_DIR, stem + ".zh.txt")
        ins = [zh, os.path.join(DEV_DIR, stem + ".en.txt")] if os.path.exists(zh) \
            else [os.path.join(DEV_DIR, stem + ".txt")]
        case = Case(g, "dev")
        case.files, case.name = ins, os.path.basename(ins[0])
        if not all(os.path.exists(f) for f in ins):
            continue
        res = compare(case, Run(duet, ins, tmp))
        print(line_for("dev", res))
        tot[0] += 1
        tot[1] += res.read_ok
        tot[2] += res.read_all
        tot[3] += res.beads_ok
        tot[4] += res.beads
    n, r_ok, r_all, b_ok, b_all = tot
    return [f"development set: {n} files, reading {r_ok}/{r_all} checks, "
            f"exact beads {b_ok}/{b_all} ({pct(b_ok, b_all).strip()})"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
