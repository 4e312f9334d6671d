"""Quotations paired with the cue, byline or label that attributes them, and mixed quotes."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span, Token

from pipeline import lexicon
from pipeline.statements.cues import (
    EDGE_JUNK,
    PERSON_LIKE,
    conditional,
    content_range,
    cue_subject,
    denied,
    in_paragraph,
    is_cue,
    is_linked,
    paragraph_end,
    speechless,
    trim_span,
    unreal,
    unspoken,
)
from pipeline.statements.quotes import Found, overlaps, quote_root_tokens

__all__ = [
    "carry_over",
    "clip_before",
    "direct_quotes",
    "scare_quoted",
    "split_sentences",
    "untangle",
]

MIN_QUOTE_WORDS = 4
REPORTS = ("ccomp", "xcomp")  # the clause a cue reports
CLAUSES = ("advcl", "conj", "parataxis")  # clauses of acts joined to a cue ('said, adding')
# characters around a quotation within which its cue is looked for: beyond any attribution news
# writes, and what keeps an article of thousands of quotes linear
CUE_REACH = 1000
SENTENCE_BREAK = re.compile(r"[.!?][\u201d\"'\u2019)]*\s|\n")  # between two quotations
NARRATION_WORDS = 4  # words after a sentence end that make the writer's own sentence
# capitalised words, a title the parse cut off from the name after it by its period
TITLES = re.compile(r"[\s,\u2014\u2013-]*(?:[A-Z][\w'-]*\.?\s+){1,4}")
TITLE_REACH = 40
LABEL_REACH = 300  # characters before a quotation searched for a "Name:" label (four words at most)
# a name of up to four words after a dash opening a line, then a comma or the line's end:
# '-- Margaret Thatcher, as prime minister' (not '-- Questioning Intelligence: ...')
NEXT_BYLINE = re.compile(
    r"\s*[\u2015\u2014\u2013-]+\s*([^\W\d][\w.\u2019'-]*(?: [^\W\d][\w.\u2019'-]*){0,3})\s*(?:,|$)",
    re.M,
)
# up to four name words and a colon opening a sentence: 'Bush: “...”'
LABEL = re.compile(
    r"(?:^|[.!?\u201d\"]\s+|\s[\u2014\u2013-]\s)"
    r"([^\W\d][\w.\u2019'-]*(?: [^\W\d][\w.\u2019'-]*){0,3}):\s*$"
)


def clip_before(text: str, f: Found, tok: Token, later: list[Found]) -> bool:
    """Cut reported content where a later attributed quotation (its speaker or cue) begins:
    'He says he respects Clinton and calls her “...”'; False when nothing worth keeping is left."""
    starts = [_opening(g, f.start) for g in later]
    if not starts or tok.idx >= min(starts) or f.start >= min(starts):
        return False
    body = re.sub(
        r"(?:[\s,;:\u2014\u2013-]|\b(?:and|but|then|when|while|as)\b)+$",
        "",
        text[f.start : min(starts)],
    )
    rng = trim_span(text, f.start, f.start + len(body))
    if rng is None or len(re.findall(r"\w+", text[rng[0] : rng[1]])) < 3:
        return False
    f.start, f.end = rng
    return True


def _opening(g: Found, after: int) -> int:
    """Where a statement begins, its speaker and cue included (a speaker before `after` left
    out).
    """
    points = [g.start] + ([g.cue.idx] if g.cue is not None else [])
    if g.speaker is not None and g.speaker.start_char > after:
        points.append(g.speaker.start_char)
    return min(points)


def scare_quoted(doc: Doc, text: str, q: tuple[int, int], in_quote: list[bool]) -> Found | None:
    """A quoted phrase inside a clause of a verb that may attribute quotations ('portrayed them
    as “rapists”'): the verb's subject is the speaker, what follows the verb is the content."""
    roots = quote_root_tokens(doc, q)
    if not roots:
        return None
    cues = lexicon.load().phrase_cues
    verb = roots[0].head
    for _ in range(5):  # 'praised Cruz for showing “courage”': the nearest verb that speaks
        if verb.pos_ == "VERB" and not in_quote[verb.i] and verb.lemma_.lower() in cues:
            break
        if verb.head is verb or (verb.dep_ == "prep" and verb.pos_ == "VERB"):  # "including"
            return None
        verb = verb.head
    else:
        return None  # 'ordered a worldwide “pause”' is an act; 'branded him a “liar”' speaks
    if verb.pos_ != "VERB" or in_quote[verb.i] or (verb.i > q[0] and verb.idx > q[0]):
        return None
    if _not_said(verb) or unspoken(verb):
        return None
    speaker = cue_subject(verb, in_quote)
    if speaker is None or not (speaker.root.pos_ == "PROPN" or speaker.root.lower_ in PERSON_LIKE):
        return None
    after = [c for c in verb.rights if not c.is_punct and c.dep_ != "agent"]  # not 'by Russia'
    if not after:
        return None
    start = min(after[0].left_edge.idx, q[0])
    end = max(verb.right_edge.idx + len(verb.right_edge), q[1])
    rng = trim_span(text, *in_paragraph(text, verb.idx, start, end))
    if rng is None:
        return None
    rng = (rng[0], max(rng[1], q[1]))
    return Found(verb, rng[0], rng[1], speaker, False, [q])


def _not_said(verb: Token) -> bool:
    """A verb no one speaks through: passive with no agent ('was convicted of “fraud”', 'was
    awarded a “V”') or a participle standing for a preposition ('including the “hoax”')."""
    deps = {c.dep_ for c in verb.children}
    return verb.dep_ == "prep" or (bool(deps & {"auxpass", "nsubjpass"}) and "agent" not in deps)


def direct_quotes(
    doc: Doc, text: str, quotes: list[tuple[int, int]], cues: list[Token], in_quote: list[bool]
) -> list[Found]:
    """Quotations attached to the cue that governs them, or carried on from the previous one."""
    found: list[Found] = []
    cue_at = [c.idx for c in cues]  # cues come in text order
    by_cue: dict[int, Found] = {}  # cue token → the statement it attributes
    for q in quotes:
        span = doc.char_span(q[0], q[1], alignment_mode="expand")
        if span is None:
            continue
        words = sum(1 for t in span if t.is_alpha)
        para = (text.rfind("\n", 0, q[0]) + 1, paragraph_end(text, q[1]))
        lo, hi = max(para[0], q[0] - CUE_REACH), min(para[1], q[1] + CUE_REACH)
        near = cues[bisect.bisect_left(cue_at, lo) : bisect.bisect_left(cue_at, hi)]
        roots = quote_root_tokens(doc, q)
        near = [c for c in near if not _reports_own(text, c, q)]
        near = [c for c in near if not _names(c) and not unreal(c)]
        linked = [c for c in near if is_linked(c, roots, span)]
        if not linked:
            linked = [c for c in near if _adjacent(text, c, q, in_quote)]
        if not linked:
            linked = _colon_cue(doc, text, q, para, near)
        if not linked and (verb := _framing_verb(doc, text, q, in_quote)) is not None:
            linked = [verb]
        # not a cue denied or in a condition: 'did not say “...”', 'if it is confirmed ..., “...”'
        linked = [c for c in linked if not denied(c, in_quote) and not conditional(c, in_quote)]
        prev = found[-1] if found else None
        same_para = prev is not None and prev.start >= para[0] and prev.end <= para[1]
        if linked:
            linked = [
                c for c in linked if c.dep_ != "relcl"
            ] or linked  # not 'anybody who complains “...”'
            cue = min(linked, key=lambda c: min(abs(c.idx - q[0]), abs(c.idx - q[1])))
            same = by_cue.get(cue.i)
            if same is not None:
                if same.end <= cue.idx < q[0] and _clause_between(doc, cue, same.end, q[0]):
                    _retarget(doc, text, same, cue, q)
                    continue
                if same.end <= q[0] and q[1] <= cue.idx and words < MIN_QUOTE_WORDS:
                    continue  # '“...,” Gen. Raymond “Tony” Thomas recounted': a nickname
                same.end = max(same.end, q[1])
                same.quotes.append(q)
                continue
            if words < MIN_QUOTE_WORDS and not (words >= 2 and _adjacent(text, cue, q, in_quote)):
                continue
            if _enclosing(cue, q, in_quote):  # 'Bannon, appearing on “This Week,” said ...'
                continue
            speaker = cue_subject(cue, in_quote) or _name_between(doc, text, q, cue)
            if speechless(speaker):  # '“...” (emphasis added)', 'would you say “...”'
                continue
            mixed = _mixed_range(doc, text, cue, q)
            if mixed is not None:
                found.append(Found(cue, mixed[0], mixed[1], speaker, False, [q]))
            else:
                found.append(Found(cue, q[0], q[1], speaker, True, [q]))
            by_cue.setdefault(cue.i, found[-1])
        elif (
            same_para
            and prev.direct
            and not _cue_between(prev.end, q[0], cues, cue_at, prev.cue)
            and not _narrated(text, prev.end, q[0])
        ):
            prev.end = q[1]
            prev.quotes.append(q)
        elif words >= MIN_QUOTE_WORDS and (label := _label(doc, text, q, para)) is not None:
            found.append(Found(None, q[0], q[1], label, True, [q], True))
        elif words >= MIN_QUOTE_WORDS and (byline := _byline(doc, text, q, para)) is not None:
            found.append(Found(None, q[0], q[1], byline, True, [q], True))
        elif (
            words >= MIN_QUOTE_WORDS
            and (intro := _introduced(doc, text, q, para, in_quote)) is not None
        ):
            found.append(Found(intro[0], q[0], q[1], intro[1], True, [q], True))
            if intro[0] is not None:
                by_cue.setdefault(intro[0].i, found[-1])
        elif words >= MIN_QUOTE_WORDS:
            found.append(Found(None, q[0], q[1], None, True, [q], _standalone(text, q, para)))
    return found


def _names(cue: Token) -> bool:
    """Whether a cue names rather than quotes: 'a working paper called “Why Do ...?”', 'has
    been called “a hairball”' (by no one the sentence names)."""
    deps = {c.dep_ for c in cue.children}
    if "oprd" in deps and deps & {"auxpass", "nsubjpass"} and "agent" not in deps:
        return True
    named = cue.dep_ == "acl" or (cue.dep_ == "advcl" and "oprd" in deps)  # ', called “X,”'
    return cue.tag_ == "VBN" and named and not deps & {"aux", "nsubj", "agent"}


def _enclosing(cue: Token, q: tuple[int, int], in_quote: list[bool]) -> bool:
    """Whether a quotation lies between a cue's subject and the cue, inside the words that name
    the speaker: 'Leung, a day after saying “...”, said', 'X, who called it “a disaster,” said'."""
    subject = cue_subject(cue, in_quote)
    return subject is not None and subject.end_char <= q[0] and q[1] <= cue.idx


def _clause_between(doc: Doc, cue: Token, start: int, end: int) -> bool:
    """Whether the words between a quotation before its cue and one after hold a clause of the
    cue's own (its report or an added act: 'Graham told X the FBI missed “a lot”', 'assured,
    adding that nobody should “draw conclusions”'), so the two are not one interrupted quote."""
    cues = lexicon.load().quote_cues
    for clause in cue.rights:
        if clause.dep_ not in REPORTS and not (clause.dep_ in CLAUSES and is_cue(clause, cues)):
            continue  # '“A,” he said, speaking at a rally, “B”' is one interrupted quote
        first = clause.left_edge.i
        while first < clause.i and (doc[first].is_punct or doc[first].is_space):
            first += 1
        if start <= doc[first].idx < end:
            return True
    return False


def _retarget(doc: Doc, text: str, f: Found, cue: Token, q: tuple[int, int]) -> None:
    """Make a cue's statement the quotation after it when the cue reports that clause, not the
    quotation before it ('On CNN's “State of the Union,” Graham told Y the FBI missed “...”')."""
    rng = content_range(doc, text, cue)
    if rng is None or not overlaps(rng, q) or any(overlaps(rng, p) for p in f.quotes):
        return
    f.start, f.end = min(rng[0], q[0]), max(rng[1], q[1])
    f.direct, f.quotes = False, [q]


def _framing_verb(doc: Doc, text: str, q: tuple[int, int], in_quote: list[bool]) -> Token | None:
    """A verb the lexicon lacks that frames a quotation as speech, its subject and it closing the
    sentence right after it: '“...,” he surmised.', '“...,” exhorted the actress.'"""
    if text[q[0] : q[1]].rstrip("\u201d\"'\u2019\u00bb ")[-1:] not in (",", "?", "!"):
        return None
    i = bisect.bisect_left(doc, q[1], key=lambda t: t.idx)
    if i >= len(doc) or in_quote[i] or "\n" in text[q[1] : doc[i].idx]:
        return None
    first = verb = doc[i]
    for _ in range(4):
        if verb.pos_ == "VERB" or verb.head is verb:
            break
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBZ", "VBP") or len(subjects) != 1:
        return None
    subject = subjects[0]
    if not (verb.i - 6 <= i <= verb.i) and not (verb is first and subject.i > verb.i):
        return None
    if verb is not first and subject.left_edge.i != i:  # the subject opens the words after
        return None
    objects = ("dobj", "ccomp", "xcomp", "attr", "acomp")
    if any(c.dep_ in objects and not in_quote[c.i] for c in verb.children):
        return None  # '“...,” he told them' is the lexicon's; '“...,” he made it' is no speech
    end = max(verb.right_edge.i, subject.right_edge.i) + 1
    return verb if end >= len(doc) or doc[end - 1].is_punct or doc[end].is_punct else None


def _name_between(doc: Doc, text: str, q: tuple[int, int], cue: Token) -> Span | None:
    """The name opening the words between a quotation and its cue when the parse gave the cue no
    subject: '“...,” Bozell answers', '“...,” Ramos, 58, told AFP'.
    """
    if cue.idx < q[1] or "\n" in text[q[1] : cue.idx]:
        return None
    start = next(
        (t.i for t in doc[max(0, cue.i - 12) : cue.i] if t.idx >= q[1] and not t.is_punct), None
    )
    if start is None or not _name_word(doc[start]):
        return None
    end = start
    while end < cue.i and _name_word(doc[end]) and not doc[end].is_punct:
        end += 1
    return doc[start:end]


def _name_word(tok: Token) -> bool:
    """Whether a word may be part of a name, whatever the parse tagged it: 'O’Neill' as an
    adverb."""
    return (
        tok.pos_ == "PROPN"
        or tok.ent_type_ == "PERSON"
        or (tok.is_title and not tok.is_stop and tok.pos_ not in ("PRON", "DET", "VERB", "AUX"))
    )


def carry_over(text: str, found: list[Found]) -> list[Found]:
    """Join a quote paragraph with no cue to the statement that ends right before it."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        touching = prev is not None and not text[prev.end : f.start].strip(EDGE_JUNK + '\u201d"')
        if f.cue is None and f.speaker is None and touching:
            prev.end = f.end
            prev.quotes.extend(f.quotes)
            continue
        if f.cue is not None or f.alone:
            out.append(f)
    return out


def split_sentences(text: str, found: list[Found]) -> list[Found]:
    """One statement per sentence group of a direct quote: '“A,” X said. “B.”' gives “A,” and “B.”,
    both by X (as the Gender Gap Tracker codes it; PolNeAR codes one attribution)."""
    out: list[Found] = []
    for f in found:
        if not f.direct or len(f.quotes) < 2:
            out.append(f)
            continue
        groups = [[f.quotes[0]]]
        for q in f.quotes[1:]:
            if SENTENCE_BREAK.search(text, groups[-1][-1][1], q[0]):
                groups.append([q])
            else:
                groups[-1].append(q)
        for g in groups:
            start = f.start if g is groups[0] else g[0][0]
            end = f.end if g is groups[-1] else g[-1][1]
            out.append(Found(f.cue, start, end, f.speaker, True, g, f.alone))
    return out


def untangle(text: str, found: list[Found]) -> list[Found]:
    """End a reported range where the next attribution inside it begins ('He said “...” and she said
    «...»'), so no two statements claim the same words.
    """
    for f, g in zip(found, found[1:]):
        if f.direct or f.cue is None or g.start >= f.end:
            continue
        left = _opening(g, f.start)
        keep = max([f.start + 1] + [q[1] for q in f.quotes if q[1] <= left])
        if left > f.cue.idx and left > keep:
            body = re.sub(r"(?:[\s,;:]|\b(?:and|but)\b)+$", "", text[f.start : left])
            if body.strip():
                f.end = f.start + len(body)
    return found


def _byline(doc: Doc, text: str, q: tuple[int, int], para: tuple[int, int]) -> Span | None:
    """A name after a dash closing the paragraph, or opening the next one when the quotation
    fills its own: '“...” ― Martha Aguilar', '“...”\n\n-- Margaret Thatcher, in 1992'."""
    m = re.match(r"\s*[\u2015\u2014\u2013-]+\s*(\S[^\n]{1,80})$", text[q[1] : para[1]])
    at, named = q[1], any
    if m is None and not text[q[1] : para[1]].strip(EDGE_JUNK):
        at, named = para[1], all  # the next line only when a name alone opens it
        m = NEXT_BYLINE.match(text, at, at + LABEL_REACH)
        at = 0
    if m is None:
        return None
    start = at + m.start(1)
    end = start + len(m.group(1).rstrip(EDGE_JUNK + "\u00a0"))
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not named(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in span):
        return None
    return span


def _label(doc: Doc, text: str, q: tuple[int, int], para: tuple[int, int]) -> Span | None:
    """A name and a colon opening a sentence right before the quotation, as in a transcript: 'Bush:
    “...”'.
    """
    start = max(para[0], q[0] - LABEL_REACH)
    m = LABEL.search(text[start : q[0]])
    if m is None:
        return None
    span = doc.char_span(start + m.start(1), start + m.end(1), alignment_mode="expand")
    name = span[1:] if span is not None and len(span) > 1 and span[0].lower_ == "the" else span
    if name is None or not all(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in name):
        return None  # 'The Hill: “...”' names the paper
    return span


def _introduced(
    doc: Doc, text: str, q: tuple[int, int], para: tuple[int, int], in_quote: list[bool]
) -> tuple[Token, Span] | None:
    """A quote paragraph after one ending in a colon: 'Sanders made the following comment:'."""
    before = text[: para[0]].rstrip()
    if q[0] - para[0] > 2 or not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None or in_quote[colon.start]:
        return None
    root = colon[0].sent.root
    speaker = cue_subject(root, in_quote) if root.pos_ in ("VERB", "AUX") else None
    return (root, speaker) if speaker is not None else None


def _narrated(text: str, start: int, end: int) -> bool:
    """Whether a sentence of the writer's own lies between two quotations: '“Go!” the magazine
    urged. Another paper made a joke: “...”', '“... through.” For Bryan, ... “...”' (not '“A,”
    X said. “B.”'); a quotation's own closing full stop counts."""
    ends = list(SENTENCE_BREAK.finditer(text, max(0, start - 2), end))
    return bool(ends) and len(re.findall(r"\w+", text[ends[-1].end() : end])) >= NARRATION_WORDS


def _cue_between(
    start: int, end: int, cues: list[Token], cue_at: list[int], own: Token | None
) -> bool:
    """Whether another attribution (not one hanging off `own`, like 'said, adding') lies between;
    `cue_at` holds the cues' offsets, so only the cues in the range are looked at."""
    for c in cues[bisect.bisect_left(cue_at, start) : bisect.bisect_left(cue_at, end)]:
        if own is None or (c.i != own.i and own not in c.ancestors):
            return True
    return False


def _colon_cue(
    doc: Doc, text: str, q: tuple[int, int], para: tuple[int, int], near: list[Token]
) -> list[Token]:
    """The last cue of the clause a colon ends right before the quotation: 'who told Congress last
    month: “...”'.
    """
    before = text[para[0] : q[0]].rstrip()
    if not before.endswith(":"):
        return []
    colon = doc.char_span(para[0] + len(before) - 1, para[0] + len(before), alignment_mode="expand")
    if colon is None:
        return []
    sent = colon[0].sent
    cues = [c for c in near if sent.start <= c.i < colon.start]
    return [c for c in cues if not any(o.is_ancestor(c) for o in cues)][
        -1:
    ]  # 'told', not 'when asked'


def _reports_own(text: str, cue: Token, q: tuple[int, int]) -> bool:
    """A cue after a quotation closed by a full stop, with a clause of its own: '“... .” He said he
    had ...'.
    """
    if cue.idx < q[1] or not _ends_sentence(text, q):  # '“... do?” An aide said the leader'
        return False
    return any(c.dep_ in ("ccomp", "xcomp") and c.i > cue.i for c in cue.children)


def _adjacent(text: str, cue: Token, q: tuple[int, int], in_quote: list[bool]) -> bool:
    """Fallback when the parse misses the link: '“...,” Blinken said' or 'he said: “...”'."""
    subj = cue_subject(cue, in_quote)
    first = min(cue.idx, subj.start_char) if subj is not None else cue.idx
    last = max(cue.idx + len(cue), subj.end_char) if subj is not None else cue.idx + len(cue)
    if 0 <= first - q[1] <= 3 and re.fullmatch(r"[\s,\u2014\u2013-]*", text[q[1] : first]):
        return True
    if 0 <= first - q[1] <= TITLE_REACH and TITLES.fullmatch(text, q[1], first):
        return True  # '“...,” Air Force Maj. Eric Badger told', the title cut off by its period
    return 0 <= q[0] - last <= 3 and bool(re.fullmatch(r"[\s,:]*", text[last : q[0]]))


def _standalone(text: str, q: tuple[int, int], para: tuple[int, int]) -> bool:
    """A quotation that makes up (nearly) its whole paragraph: a floating quote."""
    body = text[para[0] : para[1]].strip()
    return q[1] - q[0] >= 0.8 * len(body)


def _mixed_range(doc: Doc, text: str, cue: Token, q: tuple[int, int]) -> tuple[int, int] | None:
    """When the quotation is part of a reported clause ('said he believes it was “a mistake”')."""
    rng = content_range(doc, text, cue)
    if rng is None or not overlaps(rng, q):
        return None
    lead = text[rng[0] : q[0]]
    if q[1] <= cue.idx and (
        (cue.idx < rng[1] and not re.search(r"\w", lead)) or lead.rstrip().endswith(":")
    ):
        return None  # '“...,” he said, before warning', 'a promise that ...: “...,” X said'
    outside = text[rng[0] : q[0]] + text[q[1] : rng[1]]
    if len(re.findall(r"[A-Za-z]+", outside)) < 2:
        return None
    if not re.search(r"\w", lead) and _ends_sentence(text, q):
        return None  # 'Alex explains: “... get through.” For Bryan, ...': the quotation is all
    return min(rng[0], q[0]), max(rng[1], q[1])


def _ends_sentence(text: str, q: tuple[int, int]) -> bool:
    """Whether a quotation closes on a full stop, question or exclamation mark: '“... through.”'."""
    return text[q[0] : q[1]].rstrip("\u201d\"'\u00bb\u2019 ")[-1:] in (".", "?", "!")
