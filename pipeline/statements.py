"""Statements of an article: direct, mixed and indirect quotes with their speakers.

Works on the one spaCy parse of the article: quotation marks are paired on the raw text, speech
cue verbs come from `lexicon/speech_*.txt`, speakers are cue subjects resolved to `actors`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from pipeline.records import Actor, Place, Statement

LEXICON = Path(__file__).parent / "lexicon"
OPENERS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d", "\u2018": "\u2019"}
MIXED_CLOSE = {'"': "\u201d", "\u201d": '"'}
PRONOUNS = {"he", "she", "they", "we", "i", "it", "you", "him", "her", "them", "this", "that"}
PERSONAL = {"he", "she", "him", "her"}
PERSON_LIKE = PERSONAL | {"they", "we", "i"}
SUBJECTS = ("nsubj", "nsubjpass")
CLIMB = ("conj", "xcomp", "advcl", "acl", "pcomp", "prep", "pobj", "dobj", "acomp", "npadvmod")
MIN_QUOTE_WORDS = 4
MISTYPED_CLOSE = re.compile(r"[,.?!]\u201c(?=\s|$)")
EDGE_JUNK = " \t\n,;:.\u2014\u2013-"
# up to four name words and a colon opening a sentence: 'Bush: “...”'
LABEL = re.compile(r"(?:^|[.!?\u201d\"]\s+|\s[\u2014\u2013-]\s)"
                   r"([^\W\d][\w.\u2019'-]*(?: [^\W\d][\w.\u2019'-]*){0,3}):\s*$")


@lru_cache(maxsize=None)
def _words(name: str) -> frozenset[str]:
    """One lexicon file as a set of lower-cased lines (comments and blanks skipped)."""
    lines = (LEXICON / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def _speech_lemmas() -> frozenset[str]:
    """Cues that report speech with or without quotation marks."""
    return _words("speech_cues.txt")


def _quote_lemmas() -> frozenset[str]:
    """Cues that may attribute a quotation."""
    return _words("speech_cues.txt") | _words("speech_quote_cues.txt")


@dataclass
class _Found:
    """A statement under construction: cue token, content range, speaker token."""

    cue: Token | None
    start: int
    end: int
    speaker: Span | None
    direct: bool
    quotes: list[tuple[int, int]] = field(default_factory=list)
    alone: bool = False  # a cue-less quotation filling its paragraph


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Top-level quotations as (start, end) offsets including the marks; a quote left open
    runs to the end of its paragraph, so unbalanced marks never swallow the article."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        spans.extend(_paragraph_quotes(text, para.start(), para.end()))
    return spans


def _paragraph_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations of one paragraph; straight, curly, guillemet and doubled-apostrophe marks."""
    out = []
    i = start
    while i < end:
        ch = text[i]
        close = None
        width = 1
        if ch in OPENERS:
            if ch == "\u2018" and i + 1 < end and text[i + 1].isdigit():  # ‘90s
                i += 1
                continue
            close = OPENERS[ch]
        elif ch == '"' and i > start and text[i - 1] == "=":  # a markup attribute: tweet id="..."
            j = text.find('"', i + 1, end)
            i = end if j < 0 else j + 1
            continue
        elif ch == '"':
            close = '"'
        elif text.startswith("''", i) or text.startswith("``", i):
            close, width = "''", 2
        if close is None:
            i += 1
            continue
        j = _find_close(text, i + width, end, close)
        if j is None and close in MIXED_CLOSE:  # '"...,” said Wilson': a straight mark closed by a curly one
            close = MIXED_CLOSE[close]
            j = _find_close(text, i + width, end, close)
        if j is None:
            if ch == "\u2018":  # a lone ‘ is more often an apostrophe than an open quote
                i += 1
                continue
            out.append((i, end))
            break
        out.append((i, j + len(close)))
        i = j + len(close)
    return out


def _find_close(text: str, i: int, end: int, close: str) -> int | None:
    """Offset of the mark closing a quote opened before `i`, skipping apostrophes in words."""
    if close == "\u201d":  # a mistyped “ right after final punctuation closes too: ‘not,“ he said’
        m = MISTYPED_CLOSE.search(text, i, end)
        j = text.find(close, i, end)
        if m is not None and (j < 0 or m.start() + 1 < j):
            return m.start() + 1
    while i < end:
        j = text.find(close, i, end)
        if j < 0:
            return None
        if close == "\u2019" and j + 1 < end and text[j + 1].isalpha() and text[j - 1].isalpha():
            i = j + 1  # don’t, Russia’s
            continue
        return j
    return None


def find_statements(doc: Doc, actors: list[Actor], places: list[Place]) -> list[Statement]:
    """Every statement of `doc`, in text order."""
    text = doc.text
    if not text.strip() or len(doc) == 0 or not doc.has_annotation("DEP"):
        return []
    quotes = quote_spans(text)
    in_quote = _quote_mask(doc, quotes)
    quote_cues = _quote_lemmas()
    speech_cues = _speech_lemmas()
    cues = [t for t in doc if not in_quote[t.i] and _is_cue(t, quote_cues)]
    found = _direct(doc, text, quotes, cues, in_quote)
    used = {f.cue.i for f in found if f.cue is not None}
    covered = [(f.start, f.end) for f in found if f.cue is not None or f.alone]
    for tok in sorted(cues, key=lambda t: t.lower_ != "according"):
        if tok.i in used or tok.lemma_.lower() not in speech_cues and tok.lower_ != "according":
            continue
        f = _indirect(doc, text, tok, in_quote)
        if f is None:
            continue
        if any(_overlap((f.start, f.end), c) for c in covered):
            hit = [g for g in found if _overlap((f.start, f.end), (g.start, g.end))]
            if not _clip_before(text, f, tok, hit):
                continue
            covered = [(g.start, g.end) for g in found if g.cue is not None or g.alone]
            if any(_overlap((f.start, f.end), c) for c in covered):
                continue
        f.quotes = [q for q in quotes if _overlap(q, (f.start, f.end))]
        if f.quotes:
            f.start, f.end = min(f.start, f.quotes[0][0]), max(f.end, f.quotes[-1][1])
            f.direct = (f.start, f.end) == f.quotes[0]
        found.append(f)
        covered.append((f.start, f.end))
    for q in quotes:
        if not any(_overlap(q, c) for c in covered):
            f = _scare_quoted(doc, text, q, in_quote)
            if f is not None and not any(_overlap((f.start, f.end), c) for c in covered):
                found.append(f)
                covered.append((f.start, f.end))
    found = _untangle(text, _carry_over(text, sorted(found, key=lambda f: f.start)))
    resolve = _Resolver(doc, actors, in_quote)
    out = [_statement(doc, text, f, resolve, places) for f in found]
    for here, after in zip(out, out[1:]):
        if here.speaker is None and here.cue is None:  # a floating quote opening the article
            here.speaker, here.speaker_actor_id = after.speaker, after.speaker_actor_id
    return [s for s in out if s.speaker or s.cue]


def _clip_before(text: str, f: _Found, tok: Token, later: list[_Found]) -> bool:
    """Cut reported content where a later attributed quotation (its speaker or cue) begins:
    'He says he respects Clinton and calls her “...”'; False when nothing worth keeping is left."""
    starts = [_opening(g, f.start) for g in later]
    if not starts or tok.idx >= min(starts) or f.start >= min(starts):
        return False
    body = re.sub(r"(?:[\s,;:\u2014\u2013-]|\b(?:and|but|then|when|while|as)\b)+$", "", text[f.start:min(starts)])
    rng = _trim(text, f.start, f.start + len(body))
    if rng is None or len(re.findall(r"\w+", text[rng[0]:rng[1]])) < 3:
        return False
    f.start, f.end = rng
    return True


def _opening(g: _Found, after: int) -> int:
    """Where a statement begins, its speaker and cue included (a speaker before `after` left out)."""
    points = [g.start] + ([g.cue.idx] if g.cue is not None else [])
    if g.speaker is not None and g.speaker.start_char > after:
        points.append(g.speaker.start_char)
    return min(points)


def _quote_mask(doc: Doc, quotes: list[tuple[int, int]]) -> list[bool]:
    """For each token, whether it lies inside a quotation (marks included)."""
    mask = [False] * len(doc)
    k = 0
    for tok in doc:
        while k < len(quotes) and quotes[k][1] <= tok.idx:
            k += 1
        if k < len(quotes) and quotes[k][0] <= tok.idx < quotes[k][1]:
            mask[tok.i] = True
    return mask


def _is_cue(tok: Token, lemmas: frozenset[str]) -> bool:
    """Whether a token is a speech cue: a lexicon verb (not 'called off') or 'according to'."""
    if tok.lower_ == "according":
        return tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to"
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in lemmas or tok.dep_ == "amod":
        return False
    return not any(c.dep_ == "prt" and c.lower_ in ("off", "up", "down") for c in tok.children)



def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two character ranges share at least one character."""
    return min(a[1], b[1]) > max(a[0], b[0])


def _subject(tok: Token, in_quote: list[bool]) -> Span | None:
    """The speaker phrase of a cue verb: its subject, passive agent, or the subject it inherits."""
    doc = tok.doc
    if tok.lower_ == "according":
        for to in tok.children:
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return _phrase(obj)
        if tok.i + 2 < len(doc):
            return _phrase(doc[tok.i + 2])
        return None
    inverted = _inverted_subject(tok, in_quote)
    if inverted is not None:
        return inverted
    seen = 0
    while tok is not None and seen < 6:
        seen += 1
        subjects = [
            c for c in tok.children
            if c.dep_ in SUBJECTS and c.lower_ not in ("there", "which", "that", "who")
            and not (c.lower_ == "it" and c.dep_ == "nsubjpass")
            and not in_quote[c.i] and "\n" not in doc[min(c.i, tok.i):max(c.i, tok.i)].text
        ]
        if subjects:
            return _phrase(min(subjects, key=lambda c: abs(c.i - tok.i)))
        for child in tok.children:
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return _phrase(obj)
        for child in tok.children:
            if child.dep_ in SUBJECTS and child.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
                head = _phrase(tok.head)
                return doc[head.start:child.i + 1] if 0 <= child.i - head.end <= 2 else head
        if tok.dep_ in CLIMB and tok.head is not tok:
            tok = tok.head
        elif tok.dep_ == "relcl":
            return _phrase(tok.head)
        else:
            return None
    return None


def _inverted_subject(tok: Token, in_quote: list[bool]) -> Span | None:
    """The speaker of an inverted attribution, '..., said Christine Link' or '“...,” says the mayor'."""
    doc = tok.doc
    if tok.i == 0 or tok.i + 1 >= len(doc) or doc[tok.i - 1].text not in (",", "\u201d", '"', "''"):
        return None
    if tok.tag_ not in ("VBD", "VBZ", "VBP") or tok.lemma_.lower() in ("tell", "ask", "call"):
        return None  # 'telling reporters' names the audience, not the speaker
    head = doc[tok.i + 1]
    nominal = ("PROPN", "DET", "ADJ", "NOUN", "NUM")
    if head.pos_ not in nominal and head.dep_ != "amod":  # 'said retired neurosurgeon Ben Carson'
        return None
    while head.head.i > head.i and head.head.i - tok.i <= 6 and head.head.pos_ in nominal:
        head = head.head
    if any(c.dep_ in SUBJECTS and c.i < tok.i and not in_quote[c.i] for c in tok.children):
        return None
    if head.i <= tok.i or in_quote[head.i] or head.ent_type_ in ("DATE", "TIME"):
        return None
    if head.pos_ in ("PROPN", "NOUN"):
        return _phrase(head)
    return None


def _phrase(head: Token) -> Span:
    """A speaker's noun phrase: the head with its compounds, determiners and modifiers on the left."""
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("compound", "det", "amod", "nmod", "poss", "nummod", "quantmod", "case"):
            start = min(start, child.left_edge.i)
    for i in range(head.i - 1, start - 1, -1):
        if doc[i].is_space or doc[i].is_punct and doc[i].text not in (".", "'", "\u2019", "-"):
            start = i + 1
            break
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "case" and child.i == end):
            end = child.i + 1
        else:
            break
    return doc[start:end]


def _content_range(doc: Doc, text: str, tok: Token) -> tuple[int, int] | None:
    """Character range of what a cue verb reports: its clause complement or object."""
    if tok.lower_ == "according":
        return _around(doc, text, tok)
    kids = [c for c in tok.children if c.dep_ in ("ccomp", "xcomp")]
    if not kids and tok.lemma_.lower() in ("call", "ask", "urge"):
        kids = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "on")]
    if not kids:
        that = _that_clause(doc, text, tok)
        if that is not None:
            return that
    if not kids and tok.lemma_.lower() in _words("speech_object_cues.txt"):
        kids = [c for c in tok.children if c.dep_ in ("dobj", "oprd") and c.lower_ not in PRONOUNS]
        kids = [c for c in kids if c.right_edge.i - c.left_edge.i >= 1 or c.pos_ == "PROPN"]
        if kids:
            kids += [c for c in tok.rights if c.dep_ == "prep" and c.i > kids[0].i]
    if not kids and tok.dep_ in ("parataxis", "ccomp") and tok.head.i < tok.i:
        head = tok.head
        if head.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in _quote_lemmas():
            return None
        if head.sent.start != tok.sent.start or "\n" in text[head.idx:tok.idx]:
            return None
        start, end = head.left_edge.i, tok.left_edge.i
        if end - start < 3:
            return None
        after = doc[tok.right_edge.i + 1:head.right_edge.i + 1]
        if sum(1 for t in after if t.is_alpha) >= 2:
            end = after.end
        return _trim(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
    if not kids and tok.dep_ == "advcl" and tok.head.i > tok.right_edge.i \
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):  # 'As Clyburn noted, ...'
        start, end = tok.right_edge.i + 1, tok.head.right_edge.i + 1
        if end - start < 3 or "\n" in text[tok.idx:doc[end - 1].idx]:
            return None
        return _trim(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
    if not kids:
        return None
    right = [c for c in kids if c.i > tok.i]
    kids = right or kids
    if any(c.dep_ == "xcomp" for c in kids):
        kids += [c for c in tok.rights if c.dep_ in ("dobj", "prep") and c.i < kids[0].i]
    start = min(c.left_edge.i for c in kids)
    end = max(c.right_edge.i for c in kids) + 1
    if end - start < 2:
        return None
    if start > tok.i:  # clauses the parse hung on the cue ('said X, but Y') belong to the content
        end = max(end, _next_attribution(doc, end, tok.sent.end))
    last = doc[end - 1]
    return _trim(text, *_in_paragraph(text, tok.idx, doc[start].idx, last.idx + len(last)))


def _next_attribution(doc: Doc, start: int, stop: int) -> int:
    """Where the next attribution ('adding', 'he said'), quotation or sentence begins, or `stop`."""
    lemmas = _quote_lemmas()
    for t in doc[start:stop]:
        if t.text in (".", "?", "!") or "\n" in t.text:
            return t.i
        if _is_cue(t, lemmas):
            return max(start, min(t.left_edge.i, t.i))
    return stop


def _that_clause(doc: Doc, text: str, tok: Token) -> tuple[int, int] | None:
    """A 'that ...' clause the parse failed to hang on the cue: from 'that' to the sentence end."""
    sent = tok.sent
    for t in doc[tok.i + 1:min(sent.end, tok.i + 12)]:
        if t.lower_ == "that" and t.dep_ in ("mark", "det", "nsubj"):
            return _trim(text, t.idx, sent.end_char)
        if t.is_punct or t.pos_ == "VERB":
            return None
    return None


def _in_paragraph(text: str, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Clip a range to the paragraph holding `anchor`: a parse never reports across paragraphs."""
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = _para_end(text, anchor)
    return max(start, para_start), min(end, para_end)


def _around(doc: Doc, text: str, tok: Token) -> tuple[int, int] | None:
    """Content of 'according to X': the sentence outside the according-phrase."""
    sent = tok.sent
    phrase_end = tok.right_edge.i + 1
    before = (sent.start_char, tok.idx)
    after_tok = doc[phrase_end] if phrase_end < sent.end else None
    after = (after_tok.idx, sent.end_char) if after_tok is not None else (sent.end_char, sent.end_char)
    best = max(before, after, key=lambda r: r[1] - r[0])
    if best[1] - best[0] < 10:
        return None
    return _trim(text, *best)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Strip spaces and clause punctuation at both ends; keep a closing quotation mark."""
    while start < end and text[start] in EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in EDGE_JUNK:
        end -= 1
    return (start, end) if end > start else None


def _indirect(doc: Doc, text: str, tok: Token, in_quote: list[bool]) -> _Found | None:
    """Reported speech of a cue verb: its subject and what it reports, no quotation needed."""
    speaker = _subject(tok, in_quote)
    rng = _parenthetical(doc, text, tok, speaker) or _content_range(doc, text, tok)
    if rng is None:
        return None
    inside = rng[0] <= tok.idx < rng[1]
    if speaker is not None and not inside and _overlap((speaker.start_char, speaker.end_char), rng):
        speaker = None
    if speaker is None and tok.lower_ != "according":
        return None
    return _Found(tok, rng[0], rng[1], speaker, direct=False)


def _scare_quoted(doc: Doc, text: str, q: tuple[int, int], in_quote: list[bool]) -> _Found | None:
    """A quoted phrase inside a clause with no speech cue ('portrayed them as “rapists”'):
    the governing verb's subject is the speaker, what follows the verb is the content."""
    roots = _quote_root_tokens(doc, q)
    if not roots:
        return None
    verb = roots[0].head
    for _ in range(5):
        if verb.pos_ == "VERB" and not in_quote[verb.i]:
            break
        if verb.head is verb:
            return None
        verb = verb.head
    else:
        return None
    if verb.pos_ != "VERB" or in_quote[verb.i] or verb.i > q[0] and verb.idx > q[0]:
        return None
    speaker = _subject(verb, in_quote)
    if speaker is None or not (speaker.root.pos_ == "PROPN" or speaker.root.lower_ in PERSON_LIKE):
        return None
    after = [c for c in verb.rights if not c.is_punct]
    if not after:
        return None
    start = min(after[0].left_edge.idx, q[0])
    end = max(verb.right_edge.idx + len(verb.right_edge), q[1])
    rng = _trim(text, *_in_paragraph(text, verb.idx, start, end))
    if rng is None:
        return None
    rng = (rng[0], max(rng[1], q[1]))
    return _Found(verb, rng[0], rng[1], speaker, False, [q])


def _parenthetical(doc: Doc, text: str, tok: Token, speaker: Span | None) -> tuple[int, int] | None:
    """'To understand it, the judge said, one should visit' or 'X, he told me on Friday, is Y':
    an attribution set off by commas inside its sentence; the whole sentence is the content."""
    if speaker is None or speaker.end > tok.i or speaker.start < 2 or doc[speaker.start - 1].text != ",":
        return None
    if any(t.dep_ not in ("advmod", "aux", "neg") for t in doc[speaker.end:tok.i]):
        return None
    sent = tok.sent
    j = tok.i + 1
    while j < min(sent.end, tok.i + 7) and doc[j].text != "," and tok.is_ancestor(doc[j]) and doc[j].dep_ != "ccomp":
        j += 1
    if j >= sent.end or doc[j].text != "," or speaker.start - sent.start < 2 or sent.end - j < 4:
        return None
    return _trim(text, *_in_paragraph(text, tok.idx, sent.start_char, sent.end_char))


def _quote_root_tokens(doc: Doc, q: tuple[int, int]) -> list[Token]:
    """Tokens of a quotation whose syntactic head lies outside it."""
    span = doc.char_span(q[0], q[1], alignment_mode="expand")
    if span is None:
        return []
    outside = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head is t]
    return [t for t in outside if not t.is_punct] or outside


def _linked(tok: Token, roots: list[Token], span: Span) -> bool:
    """Whether a cue governs the quotation, or hangs off a word inside it."""
    for r in roots:
        if tok in r.ancestors:
            return True
    anc = tok.head
    for _ in range(4):
        if span.start <= anc.i < span.end:
            return True
        if anc.head is anc:
            break
        anc = anc.head
    return False


def _direct(
    doc: Doc, text: str, quotes: list[tuple[int, int]], cues: list[Token], in_quote: list[bool]
) -> list[_Found]:
    """Quotations attached to the cue that governs them, or carried on from the previous one."""
    found: list[_Found] = []
    for q in quotes:
        span = doc.char_span(q[0], q[1], alignment_mode="expand")
        if span is None:
            continue
        words = sum(1 for t in span if t.is_alpha)
        para = (text.rfind("\n", 0, q[0]) + 1, _para_end(text, q[1]))
        near = [c for c in cues if para[0] <= c.idx < para[1]]
        roots = _quote_root_tokens(doc, q)
        near = [c for c in near if not _reports_own(text, c, q)]
        linked = [c for c in near if _linked(c, roots, span)]
        if not linked:
            linked = [c for c in near if _adjacent(text, c, q, in_quote)]
        if not linked:
            linked = _colon_cue(doc, text, q, para, near)
        prev = found[-1] if found else None
        same_para = prev is not None and prev.start >= para[0] and prev.end <= para[1]
        if linked:
            linked = [c for c in linked if c.dep_ != "relcl"] or linked  # not 'anybody who complains “...”'
            cue = min(linked, key=lambda c: min(abs(c.idx - q[0]), abs(c.idx - q[1])))
            same = next((f for f in found if f.cue is not None and f.cue.i == cue.i), None)
            if same is not None:
                same.end = max(same.end, q[1])
                same.quotes.append(q)
                continue
            if words < MIN_QUOTE_WORDS and not (words >= 2 and _adjacent(text, cue, q, in_quote)):
                continue
            mixed = _mixed_range(doc, text, cue, q)
            speaker = _subject(cue, in_quote) or _name_between(doc, text, q, cue)
            if mixed is not None:
                found.append(_Found(cue, mixed[0], mixed[1], speaker, False, [q]))
            else:
                found.append(_Found(cue, q[0], q[1], speaker, True, [q]))
        elif same_para and prev.direct and not _cue_between(prev.end, q[0], cues, prev.cue):
            prev.end = q[1]
            prev.quotes.append(q)
        elif words >= MIN_QUOTE_WORDS and (label := _label(doc, text, q, para)) is not None:
            found.append(_Found(None, q[0], q[1], label, True, [q], True))
        elif words >= MIN_QUOTE_WORDS and (byline := _byline(doc, text, q, para)) is not None:
            found.append(_Found(None, q[0], q[1], byline, True, [q], True))
        elif words >= MIN_QUOTE_WORDS and (intro := _introduced(doc, text, q, para, in_quote)) is not None:
            found.append(_Found(intro[0], q[0], q[1], intro[1], True, [q], True))
        elif words >= MIN_QUOTE_WORDS:
            found.append(_Found(None, q[0], q[1], None, True, [q], _standalone(text, q, para)))
    return found


def _name_between(doc: Doc, text: str, q: tuple[int, int], cue: Token) -> Span | None:
    """The name opening the words between a quotation and its cue when the parse gave the cue no subject:
    '“...,” Bozell answers', '“...,” Ramos, 58, told AFP'."""
    if cue.idx < q[1] or "\n" in text[q[1]:cue.idx]:
        return None
    start = next((t.i for t in doc[max(0, cue.i - 12):cue.i] if t.idx >= q[1] and not t.is_punct), None)
    if start is None or not (doc[start].pos_ == "PROPN" or doc[start].ent_type_ == "PERSON"):
        return None
    end = start
    while end < cue.i and (doc[end].pos_ == "PROPN" or doc[end].ent_type_ == "PERSON") and not doc[end].is_punct:
        end += 1
    return doc[start:end]


def _carry_over(text: str, found: list[_Found]) -> list[_Found]:
    """Join a quote paragraph with no cue to the statement that ends right before it."""
    out: list[_Found] = []
    for f in found:
        prev = out[-1] if out else None
        touching = prev is not None and not text[prev.end:f.start].strip(EDGE_JUNK + "\u201d\"")
        if f.cue is None and f.speaker is None and touching:
            prev.end = f.end
            prev.quotes.extend(f.quotes)
            continue
        if f.cue is not None or f.alone:
            out.append(f)
    return out


def _untangle(text: str, found: list[_Found]) -> list[_Found]:
    """End a reported range where the next attribution inside it begins ('He said “...” and she said «...»'),
    so no two statements claim the same words."""
    for f, g in zip(found, found[1:]):
        if f.direct or f.cue is None or g.start >= f.end:
            continue
        left = _opening(g, f.start)
        keep = max([f.start + 1] + [q[1] for q in f.quotes if q[1] <= left])
        if left > f.cue.idx and left > keep:
            body = re.sub(r"(?:[\s,;:]|\b(?:and|but)\b)+$", "", text[f.start:left])
            if body.strip():
                f.end = f.start + len(body)
    return found


def _byline(doc: Doc, text: str, q: tuple[int, int], para: tuple[int, int]) -> Span | None:
    """A name after a dash closing the paragraph: '“...” ― Martha Aguilar'."""
    m = re.match(r"\s*[\u2015\u2014\u2013-]+\s*(\S[^\n]{1,80})$", text[q[1]:para[1]])
    if m is None:
        return None
    start = q[1] + m.start(1)
    end = start + len(m.group(1).rstrip(EDGE_JUNK + "\u00a0"))
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not any(t.pos_ == "PROPN" for t in span):
        return None
    return span


def _label(doc: Doc, text: str, q: tuple[int, int], para: tuple[int, int]) -> Span | None:
    """A name and a colon opening a sentence right before the quotation, as in a transcript: 'Bush: “...”'."""
    m = LABEL.search(text[para[0]:q[0]])
    if m is None:
        return None
    span = doc.char_span(para[0] + m.start(1), para[0] + m.end(1), alignment_mode="expand")
    if span is None or not all(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in span):
        return None
    return span


def _introduced(
    doc: Doc, text: str, q: tuple[int, int], para: tuple[int, int], in_quote: list[bool]
) -> tuple[Token, Span] | None:
    """A quote paragraph after one ending in a colon: 'Sanders made the following comment:'."""
    before = text[:para[0]].rstrip()
    if q[0] - para[0] > 2 or not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None or in_quote[colon.start]:
        return None
    root = colon[0].sent.root
    speaker = _subject(root, in_quote) if root.pos_ in ("VERB", "AUX") else None
    return (root, speaker) if speaker is not None else None


def _para_end(text: str, pos: int) -> int:
    """End offset of the paragraph (line) holding `pos`."""
    j = text.find("\n", pos)
    return len(text) if j < 0 else j


def _cue_between(start: int, end: int, cues: list[Token], own: Token | None) -> bool:
    """Whether another attribution (not one hanging off `own`, like 'said, adding') lies between."""
    for c in cues:
        if start <= c.idx < end and (own is None or (c.i != own.i and own not in c.ancestors)):
            return True
    return False


def _colon_cue(doc: Doc, text: str, q: tuple[int, int], para: tuple[int, int], near: list[Token]) -> list[Token]:
    """The last cue of the clause a colon ends right before the quotation: 'who told Congress last month: “...”'."""
    before = text[para[0]:q[0]].rstrip()
    if not before.endswith(":"):
        return []
    colon = doc.char_span(para[0] + len(before) - 1, para[0] + len(before), alignment_mode="expand")
    if colon is None:
        return []
    sent = colon[0].sent
    cues = [c for c in near if sent.start <= c.i < colon.start]
    return [c for c in cues if not any(o.is_ancestor(c) for o in cues)][-1:]  # 'told', not 'when asked'


def _reports_own(text: str, cue: Token, q: tuple[int, int]) -> bool:
    """A cue after a quotation closed by a full stop, with a clause of its own: '“... .” He said he had ...'."""
    if cue.idx < q[1] or text[q[0]:q[1]].rstrip("\u201d\"'\u00bb\u2019 ")[-1:] != ".":
        return False
    return any(c.dep_ in ("ccomp", "xcomp") and c.i > cue.i for c in cue.children)


def _adjacent(text: str, cue: Token, q: tuple[int, int], in_quote: list[bool]) -> bool:
    """Fallback when the parse misses the link: '“...,” Blinken said' or 'he said: “...”'."""
    subj = _subject(cue, in_quote)
    first = min(cue.idx, subj.start_char) if subj is not None else cue.idx
    last = max(cue.idx + len(cue), subj.end_char) if subj is not None else cue.idx + len(cue)
    if 0 <= first - q[1] <= 3 and re.fullmatch(r"[\s,\u2014\u2013-]*", text[q[1]:first]):
        return True
    return 0 <= q[0] - last <= 3 and bool(re.fullmatch(r"[\s,:]*", text[last:q[0]]))


def _standalone(text: str, q: tuple[int, int], para: tuple[int, int]) -> bool:
    """A quotation that makes up (nearly) its whole paragraph: a floating quote."""
    body = text[para[0]:para[1]].strip()
    return q[1] - q[0] >= 0.8 * len(body)


def _mixed_range(doc: Doc, text: str, cue: Token, q: tuple[int, int]) -> tuple[int, int] | None:
    """When the quotation is part of a reported clause ('said he believes it was “a mistake”')."""
    rng = _content_range(doc, text, cue)
    if rng is None or not _overlap(rng, q):
        return None
    outside = text[rng[0]:q[0]] + text[q[1]:rng[1]]
    if len(re.findall(r"[A-Za-z]+", outside)) < 2:
        return None
    return min(rng[0], q[0]), max(rng[1], q[1])


class _Resolver:
    """Maps a speaker phrase to an actor (or a name), resolving personal pronouns backwards."""

    def __init__(self, doc: Doc, actors: list[Actor], in_quote: list[bool]):
        self.mentions = sorted(((s, e, a) for a in actors for s, e in a.mentions), key=lambda m: m[:2])
        self.persons = [
            ent for ent in doc.ents if ent.label_ == "PERSON" and not in_quote[ent.start]
        ]
        self.last_speaker: tuple[int, str | None, str | None] | None = None  # (offset, name, actor_id)

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention overlapping [start, end), if any."""
        for s, e, a in self.mentions:
            if s < end and e > start:
                return a
        return None

    def name_of(self, span: Span) -> tuple[str, str | None]:
        """Name and actor_id for a speaker phrase ('he' resolved, ', who' dropped)."""
        while len(span) > 1 and (span[-1].is_punct or span[-1].lower_ in ("who", "that", "which")):
            span = span[:-1]
        root = span.root
        actor = self.actor_at(root.idx, root.idx + len(root)) or self.actor_at(span.start_char, span.end_char)
        if actor is not None:
            return actor.name, actor.actor_id
        if span.root.lower_ in PERSONAL:
            return self.antecedent(span.start_char)
        return self._full_name(span), None

    def antecedent(self, pos: int) -> tuple[str, str | None]:
        """The person a he/she at `pos` refers to: the latest person subject or speaker before it."""
        best = None
        for ent in self.persons:
            if ent.start_char >= pos:
                break
            if pos - ent.start_char > 1500:
                continue
            if ent.root.dep_ in SUBJECTS or best is None or best.root.dep_ not in SUBJECTS:
                best = ent
        last = self.last_speaker
        recent = last is not None and last[1] and pos - last[0] < 1500
        if recent and (best is None or last[0] > best.start_char):
            return last[1], last[2]
        if best is None:
            for s, e, a in reversed(self.mentions):
                if e <= pos and a.type == "person":
                    return a.name, a.actor_id
            return "", None
        actor = self.actor_at(best.start_char, best.end_char)
        if actor is not None:
            return actor.name, actor.actor_id
        return self._full_name(best), None

    def _full_name(self, span: Span) -> str:
        """The longest PERSON name in the article ending in the same word as `span`."""
        last = span[-1].text
        names = [e.text for e in self.persons if e[-1].text == last]
        return max(names, key=len) if names else span.text


def _statement(doc: Doc, text: str, f: _Found, resolve: _Resolver, places: list[Place]) -> Statement:
    """The output record: speaker resolved to an actor, places of the statement's sentences."""
    speaker = speaker_id = None
    speaker_span = None
    if f.speaker is not None:
        speaker, speaker_id = resolve.name_of(f.speaker)
        speaker_span = (f.speaker.start_char, f.speaker.end_char)
        if not speaker:
            speaker = f.speaker.text
        root = f.speaker.root
        actor = resolve.actor_at(root.idx, root.idx + len(root))
        if actor is not None:
            person = actor.type == "person"
        else:
            person = root.ent_type_ == "PERSON" or root.pos_ == "PROPN" or root.lower_ in PERSONAL
        if person and speaker.lower() not in PRONOUNS:  # an unresolved 'he' is no antecedent for 'she'
            resolve.last_speaker = (speaker_span[0], speaker, speaker_id)
    elif resolve.last_speaker is not None and (f.cue is None or f.cue.tag_ == "VBG"):  # '... Adding, “...”'
        _, speaker, speaker_id = resolve.last_speaker
    first = doc.char_span(f.start, f.end, alignment_mode="expand")
    lo, hi = f.start, f.end
    if first is not None and len(first):
        lo, hi = min(lo, first[0].sent.start_char), max(hi, first[-1].sent.end_char)
    if speaker_span is not None:
        lo, hi = min(lo, speaker_span[0]), max(hi, speaker_span[1])
    place_ids = []
    for p in places:
        if lo <= p.start and p.end <= hi and p.place_id not in place_ids:
            place_ids.append(p.place_id)
    cue = None
    if f.cue is not None:
        cue = "according to" if f.cue.lower_ == "according" else f.cue.text
    return Statement(
        speaker=speaker or None,
        speaker_actor_id=speaker_id,
        speaker_span=speaker_span,
        cue=cue,
        content=text[f.start:f.end],
        content_span=(f.start, f.end),
        direct=f.direct,
        place_ids=place_ids,
    )
