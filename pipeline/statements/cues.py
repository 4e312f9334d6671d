"""Speech cues ("said", "told") with their subjects and the content they report."""

from __future__ import annotations

import calendar
import re

from spacy.tokens import Doc, Span, Token

from pipeline import lexicon
from pipeline.lexicon import PRONOUNS, SUBJECTS
from pipeline.statements.quotes import Found, overlaps

__all__ = [
    "COLLECTIVE",
    "EDGE_JUNK",
    "PERSONAL",
    "PERSON_LIKE",
    "conditional",
    "content_range",
    "cue_subject",
    "denied",
    "in_paragraph",
    "indirect",
    "is_age",
    "is_cue",
    "is_linked",
    "is_subject",
    "paragraph_end",
    "speaker_phrase",
    "speechless",
    "titled_person",
    "trim_span",
    "unreal",
    "unspoken",
]

PERSONAL = {"he", "she", "him", "her"}
COLLECTIVE = {"it", "they", "them"}  # pronouns standing for an organisation, state or group
PERSON_LIKE = PERSONAL | {"they", "we", "i"}
CLIMB = ("conj", "xcomp", "advcl", "acl", "pcomp", "prep", "pobj", "dobj", "acomp", "npadvmod")
STAMP = re.compile(r"\[[^\[\]\n]{0,40}\d[^\[\]\n]{0,40}\]\s+(?=[A-Z])")  # '[Updated 9:31 a.m. ET] '
EDGE_JUNK = " \t\n,;:.\u2014\u2013-"
# a coordinator left dangling at the end of a range ('said X, but' added that Y)
DANGLING = ("and", "but", "or", "while", "but also", "and also", "and then")
CALENDAR = set(calendar.day_name) | set(calendar.month_name[1:])  # 'the minister Saturday'
# the modals of a cue that only might speak ('could suggest', 'may argue')
UNREAL_MODALS = {"could", "might", "may", "can", "should", "must"}
FUTURE = {"will", "shall", "'ll"}  # modals of a cue still to come, which has reported nothing yet
# subordinators that make a cue's clause a condition, not a report ('If it's confirmed that')
CONDITIONS = {"if", "unless", "whether"}
NAMED = ("dobj", "oprd", "attr", "ccomp", "xcomp", "acomp")  # what a naming cue says of a gap
FORGONE = {"rather than", "instead of"}  # what opens a cue's clause of speech not made
HEARSAY = {"say", "report", "rumor", "rumour", "allege"}  # 'said to be', 'reported to have'
SUBORDINATORS = {"when", "if", "once", "after", "before", "until", "unless", "while", "as"}
DEMONSTRATIVES = {"this", "that", "these"}  # a bare one as speaker stands for a thing
CONTRASTS = {"while", "whereas"}  # subordinators opening a clause set against the one before
LEAD_IN = ("ADV", "CCONJ", "SCONJ", "INTJ", "PUNCT", "SPACE")  # 'But,' 'Still,' before a cue
FINITE = ("VBD", "VBZ", "VBP")  # tags of a verb that reports something done, not to be done
RELATIVE_FRAME = 12  # words of 'which experts' said at most, 'that X, the secretary,' included
TITLE_LETTERS = 5  # an abbreviated title is this short: 'Cmdr', 'Sgt', 'Gen'
LINE_REACH = 40  # tokens back from a cue within which its line's start is looked for
# heads of a relative clause that speaks for no one in particular ('someone who claims')
GENERIC = {"someone", "somebody", "anyone", "anybody", "everyone", "everybody", "whoever"}
# subjects that say nobody spoke ('No one is suggesting', 'nobody claims') or speak for the reader
# ('you can argue', 'if you like by noting')
NO_SPEAKER = {"nobody", "none", "nothing", "neither", "you"}


def is_cue(tok: Token, lemmas: frozenset[str]) -> bool:
    """Whether a token is a speech cue: a lexicon verb (not 'called off') or 'according to'."""
    if tok.lower_ == "according":
        return tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to"
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in lemmas or tok.dep_ == "amod":
        return False
    if tok.lemma_.lower() == "deny" and _refusal(tok):
        return False
    if tok.lemma_.lower() == "claim" and _seizure(tok):
        return False
    if tok.lemma_.lower() == "call" and _phoned(tok):
        return False
    if tok.lemma_.lower() == "report" and any(
        c.dep_ == "prep" and c.lower_ == "for" for c in tok.children
    ):
        return False  # 'reported for work', 'for duty'
    if tok.lemma_.lower() == "admit" and any(
        c.dep_ == "prep" and c.lower_ == "into" for c in tok.children
    ):
        return False  # 'admitted 14 refugees into the country'
    return not any(c.dep_ == "prt" and c.lower_ in ("off", "up", "down") for c in tok.children)


def _refusal(tok: Token) -> bool:
    """Whether a 'deny' refuses rather than says: 'denied him a visa', 'denied a request'."""
    refused = lexicon.load().refused_objects
    return any(
        c.dep_ == "dative" or (c.dep_ == "dobj" and c.lemma_.lower() in refused)
        for c in tok.children
    )


def _phoned(tok: Token) -> bool:
    """Whether a 'call' rings someone up rather than says: 'called him on Sunday to
    express', not 'called him a liar', 'called on him to resign', 'called him “a thug”'."""
    deps = {c.dep_ for c in tok.children}
    if deps & {"oprd", "xcomp", "ccomp", "attr", "dative", "prt"}:
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("for", "on") for c in tok.children):
        return False
    after = tok.doc[tok.i + 1 : tok.right_edge.i + 1]
    if any(t.is_quote for t in after):  # 'calling him “a disgrace”', the parse missing the oprd
        return False
    return any(c.dep_ == "dobj" and c.pos_ == "PRON" for c in tok.children)


def _seizure(tok: Token) -> bool:
    """Whether a 'claim' takes rather than says: 'claimed a new city', 'claimed 20 lives'."""
    seized = lexicon.load().seized_objects
    return any(
        c.dep_ == "dobj" and (c.lemma_.lower() in seized or c.ent_type_ in ("GPE", "LOC", "FAC"))
        for c in tok.children
    )


def cue_subject(tok: Token, in_quote: list[bool]) -> Span | None:
    """The speaker phrase of a cue verb: its subject, passive agent, or the subject it inherits."""
    doc = tok.doc
    if tok.lower_ == "according":
        for to in tok.children:
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return speaker_phrase(obj)
        if tok.i + 2 < len(doc):
            return speaker_phrase(doc[tok.i + 2])
        return None
    inverted = _inverted_subject(tok, in_quote)
    if inverted is not None:
        return inverted
    if tok.dep_ == "pcomp" and tok.head.lower_ == "as" and tok.head.head is not tok.head:
        quoted = [
            c
            for c in tok.head.head.children
            if c.dep_ in ("dobj", "nsubjpass") and not in_quote[c.i]
        ]
        if quoted:  # 'agencies quoted Peskov as saying', 'Fadavi was quoted by TV as saying'
            return speaker_phrase(quoted[0])
    return (
        _clause_subject(tok, in_quote)
        or _line_subject(tok, in_quote)
        or _name_before(tok, in_quote)
    )


def _name_before(tok: Token, in_quote: list[bool]) -> Span | None:
    """The name right before a finite cue the parse left without a subject, hung on a phrase
    before it: 'From Gaza, NPR's Anthony Kuhn reports that'."""
    if tok.tag_ not in FINITE or tok.i == 0 or any(c.dep_ in SUBJECTS for c in tok.children):
        return None
    name = tok.doc[tok.i - 1]
    if name.pos_ != "PROPN" or name.ent_type_ not in ("PERSON", "ORG") or in_quote[name.i]:
        return None
    return speaker_phrase(name)


def _clause_subject(tok: Token, in_quote: list[bool]) -> Span | None:
    """The subject of a cue verb's clause, or of the clause it hangs on, as the parse gives it."""
    doc = tok.doc
    cue = tok
    seen = 0
    while tok is not None and seen < 6:
        seen += 1
        agent = _agent(tok)
        if agent is not None and tok is cue:  # 'I was told by the pastor': the pastor speaks
            return agent
        subjects = [
            c
            for c in tok.children
            if is_subject(c)
            and c.lower_ not in ("there", "which", "that", "who")
            and not (c.lower_ == "it" and c.dep_ == "nsubjpass")
            and not in_quote[c.i]
            and "\n" not in doc[min(c.i, cue.i) : max(c.i, cue.i)].text
        ]
        if subjects:  # a subject after its verb is an inversion, which _inverted_subject read
            subjects = [c for c in subjects if c.i < tok.i] or subjects
            return _undated(speaker_phrase(min(subjects, key=lambda c: abs(c.i - tok.i))))
        if agent is not None:
            return agent
        for child in tok.children:
            if (
                child.dep_ in SUBJECTS
                and child.lower_ in ("who", "that", "which")
                and tok.dep_ == "relcl"
            ):
                if child.lower_ == "who" and (person := _described_by(tok.head)) is not None:
                    return speaker_phrase(person)
                head = speaker_phrase(tok.head)
                return doc[head.start : child.i + 1] if 0 <= child.i - head.end <= 2 else head
        owner = [c for c in tok.head.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and owner:  # 'the president's tweet urging'
            phrase = speaker_phrase(owner[0])
            return phrase[:-1] if len(phrase) > 1 and phrase[-1].dep_ == "case" else phrase
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and (absolute := _with_subject(tok)):
            return absolute
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and not in_quote[tok.head.i]:
            source = _document_source(tok.head)
            if source is not None:  # 'received a State Department email stating': the email
                return source
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and _with_object(tok.head):
            return speaker_phrase(tok.head)  # 'with a majority of voters saying': the voters
        if _reported_conjunct(tok):  # 'X said the blasts were “...” and urged calm': X urged
            tok = tok.head.head
        elif tok.dep_ in CLIMB and tok.head is not tok:
            tok = tok.head
        elif tok.dep_ == "relcl":
            return speaker_phrase(tok.head)
        else:
            return None
    return None


def _described_by(noun: Token) -> Token | None:
    """The person a 'who' clause hung on the object of a title's preposition is about: 'Susan
    Rice, the U.S. ambassador to the United Nations, who called' (not the United Nations)."""
    if noun.ent_type_ == "PERSON" or noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return None
    title = noun.head.head
    if title.pos_ != "NOUN" or title.dep_ != "appos" or title.head.ent_type_ != "PERSON":
        return None
    return title.head


def _reported_conjunct(tok: Token) -> bool:
    """Whether a cue with no subject is a conjunct or participle the parse hung on the clause
    another cue reports, whose subject is a thing that cannot speak ('said the blasts were an
    attack and urged restraint', 'indicated the time had passed, writing'), so the reporting
    cue's subject is its own."""
    head = tok.head
    joined = tok.dep_ == "conj" or (tok.dep_ == "advcl" and tok.tag_ == "VBG")  # ', writing'
    if not joined or head.dep_ != "ccomp" or head.head is head:
        return False
    if head.head.lemma_.lower() not in lexicon.load().speech_cues:
        return False
    subjects = [c for c in head.children if c.dep_ in SUBJECTS]
    agents = lexicon.load().agents
    return bool(subjects) and all(
        c.pos_ == "NOUN" and not c.ent_type_ and c.lower_ not in agents and c.lemma_ not in agents
        for c in subjects
    )


def _agent(tok: Token) -> Span | None:
    """The passive agent of a verb, 'by' and its object: 'was told by Robert Jeffress'."""
    for child in tok.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return speaker_phrase(obj)
    return None


def _with_subject(tok: Token) -> Span | None:
    """The subject of a participle 'with' introduces: 'attacking Rice, with Chairman Peter King,
    a New York Republican, even calling for her resignation'."""
    for prep in tok.head.children:
        set_off = prep.i > 0 and tok.doc[prep.i - 1].text == ","  # not 'broke with Trump, saying'
        if prep.dep_ == "prep" and prep.lower_ == "with" and prep.i < tok.i and set_off:
            objects = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
            between = tok.doc[prep.right_edge.i + 1 : tok.i]
            if objects and all(t.is_punct or t.dep_ == "advmod" for t in between):
                return speaker_phrase(objects[0])
    return None


def _with_object(noun: Token) -> bool:
    """Whether a noun is the object of an absolute 'with': 'hit her in the polls, with a
    majority of voters saying'."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.pos_ in ("NOUN", "PROPN")


def _document_source(noun: Token) -> Span | None:
    """Who speaks through a noun a cue describes, when the noun says: its sender ('a letter from
    30 senators urging', 'a letter written by Issa suggesting', 'a video of Lam saying'), itself
    when it names its source or is its clause's subject ('received a Defense Department memo
    saying'); else None ('the ministry issued a statement saying', 'responded with a tweet
    saying': the subject speaks)."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "from":
            agents = [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ == "prep" and child.lower_ == "of":  # 'a broadcast of Carrie Lam saying'
            agents = [c for c in child.children if c.dep_ == "pobj" and c.ent_type_ == "PERSON"]
        elif child.dep_ == "acl" and child.tag_ == "VBN":
            agents = [o for a in child.children if a.dep_ == "agent" for o in a.children]
        else:
            continue
        if agents:
            return speaker_phrase(agents[0])
    if noun.pos_ == "PROPN":  # 'Erin Brockovich, the activist, saying', not 'told Putin, saying'
        spoken_to = noun.dep_ in ("dobj", "dative") or (  # 'with King even calling for', 'a
            noun.dep_ == "pobj" and noun.head.lower_ not in ("with", "of")  # video of Lam saying'
        )
        return None if spoken_to else speaker_phrase(noun)
    named = any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" for c in noun.children)
    return speaker_phrase(noun) if named or noun.dep_ in SUBJECTS else None


def is_subject(tok: Token) -> bool:
    """Whether a token is its verb's subject, not a name the parse took for one after the verb's
    object ('told ABC's, George Stephanopoulos')."""
    if tok.dep_ not in SUBJECTS:
        return False
    verb = tok.head
    return tok.i < verb.i or not any(
        c.dep_ in ("dobj", "dative") and verb.i < c.i < tok.i for c in verb.children
    )


def _line_subject(tok: Token, in_quote: list[bool]) -> Span | None:
    """The subject opening a cue's line when the parse hung the line on the one before it (a
    heading run into the paragraph): 'SPIRIT\n\nReservist Cameron Andrew, 28, told Reuters'."""
    if tok.tag_ not in FINITE:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and tok.i - start < LINE_REACH and "\n" not in doc[start - 1].text:
        start -= 1
    subjects = [c for c in tok.children if c.dep_ in SUBJECTS]
    crossed = tok.head.i < start or any(c.i < start for c in subjects) or not subjects
    if start == 0 or "\n" not in doc[start - 1].text or not crossed:
        return None
    nouns = [
        t
        for t in doc[start : tok.i]
        if t.head.i < start and t.pos_ in ("NOUN", "PROPN") and not in_quote[t.i]
    ]
    return _undated(speaker_phrase(nouns[0])) if nouns else None


def _undated(span: Span) -> Span | None:
    """A speaker phrase without the date the parse took for its head: 'Israel's prime minister
    Saturday said' is the prime minister's; a date alone speaks for no one."""
    if is_age(span):  # 'the 58-year-old' names a person by age, NER's DATE aside
        return span
    end = span.end
    while end > span.start and span.doc[end - 1].ent_type_ in ("DATE", "TIME"):
        end -= 1
    return span.doc[span.start : end] if end > span.start else None


def is_age(span: Span) -> bool:
    """Whether a phrase describes a person by age: 'the 58-year-old', 'a 34-year-old'."""
    return span[-1].lower_ == "old" and any(t.lower_ in ("year", "years") for t in span)


def unspoken(tok: Token) -> bool:
    """A cue that reports nothing said: passive with no agent ('was asked what he did'), in a
    condition ('If it's confirmed that'), only possible ('could suggest') or denied ('did not
    say')."""
    deps = {c.dep_ for c in tok.children}
    if deps & {"auxpass", "nsubjpass"} and "agent" not in deps:
        return True
    asked = tok.dep_ == "relcl" and any(c.lower_ in SUBORDINATORS for c in tok.lefts)
    reduced = tok.dep_ in ("advcl", "acl") or asked  # 'Clinton, when asked whether': passive
    if tok.tag_ == "VBN" and reduced and not deps & {"aux", "nsubj", "agent"}:
        return True  # 'Asked whether ..., he said', 'a bill called the Relief Act': spoken to
    if tok.dep_ == "relcl" and tok.head.lower_ in GENERIC:
        return True
    if _asked_when(tok, deps):
        return True
    if _gapped(tok) or _forgone(tok) or _framing(tok):
        return True
    if tok.dep_ == "xcomp" and tok.head.lower_ == "worth":  # 'It is worth noting': the writer
        return True
    if unreal(tok) or _hearsay(tok):
        return True
    if any(c.dep_ == "aux" and c.lower_ in FUTURE for c in tok.children):
        return True  # 'Obama will announce his resignation later today'
    auxes = [c for c in tok.children if c.dep_ == "aux"]
    if any(c.tag_ == "MD" for c in auxes) and any(c.lower_ == "have" for c in auxes):
        return True  # 'they would surely have said', 'should have reported': it was not said
    if denied(tok) or _negated_means(tok):  # 'did not tell lawmakers', 'never said'
        return True
    clause = tok
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in clause.children):
            return True
        if (
            clause is not tok
            and "nsubj" not in deps
            and any(
                (c.dep_ == "aux" and c.lower_ in UNREAL_MODALS)
                or (c.dep_ == "auxpass" and tok.dep_ == "conj" and "nsubj" not in deps)
                for c in clause.children
            )
        ):  # 'may identify them or asking sellers', 'would be detained and asked whether'
            return True
        if clause.dep_ not in ("conj", "xcomp") or clause.head is clause:
            return False
        clause = clause.head
    return False


def conditional(tok: Token, in_quote: list[bool]) -> bool:
    """Whether a cue's own clause is a condition, outside any quotation: 'if it is confirmed
    that', 'unless he says' (not '“Absolutely. If that happens,” Obama said')."""
    return any(
        c.dep_ == "mark" and c.lower_ in CONDITIONS and not in_quote[c.i] for c in tok.children
    )


def denied(tok: Token, in_quote: list[bool] | None = None) -> bool:
    """Whether a cue is negated itself, outside any quotation: 'did not say whether', 'never
    told' (not 'responded “Absolutely not”')."""
    return any(c.dep_ == "neg" and not (in_quote and in_quote[c.i]) for c in tok.children)


def _negated_means(tok: Token) -> bool:
    """A cue naming a means not used or speech left out: 'without saying where', 'does not do so
    by alienating Democrats or insisting that'."""
    clause = tok
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    if clause.dep_ != "pcomp":
        return False
    prep = clause.head
    return prep.lower_ == "without" or (prep.lower_ == "by" and denied(prep.head))


def unreal(tok: Token) -> bool:
    """A cue of speech only possible, due or declined, which attributes nothing, a quotation
    included: 'could suggest', 'must insist “...”', 'declined to say', 'the person to say “...”'."""
    if any(c.dep_ == "aux" and c.lower_ in UNREAL_MODALS for c in tok.children):
        return True
    return _infinitive(tok) and not _took_place(tok)


def _gapped(tok: Token) -> bool:
    """A cue whose object is the gap of a relative or wh- clause, so the clause names what was
    said without saying it: 'what the envoy was saying', 'something officials have been warning
    about'."""
    if any(c.dep_ in NAMED or c.lower_ == "as" for c in tok.rights):
        return False  # 'what Clinton called the rhetoric', 'what he described as': it is named
    return any(
        (c.dep_ == "dobj" and c.tag_ in ("WP", "WDT") and c.i < tok.i)
        or (c.dep_ == "prep" and c.i == c.right_edge.i and not c.n_lefts and c.i > tok.i)
        for c in tok.children
    )


def _framing(tok: Token) -> bool:
    """A participle after 'in' that names the act a main clause comments on, its object a topic,
    not what was said: 'In describing the visit, the adviser emphasized'."""
    if tok.dep_ != "pcomp" or tok.head.lower_ != "in" or tok.tag_ != "VBG":
        return False
    deps = {c.dep_ for c in tok.children}
    return "dobj" in deps and not deps & {"ccomp", "xcomp"}  # 'In calling for' says something


def _forgone(tok: Token) -> bool:
    """A cue set against what was done instead, so it names speech that did not happen: 'rather
    than explaining', 'instead of saying'."""
    first = tok.left_edge.i
    return " ".join(t.lower_ for t in tok.doc[max(0, first - 2) : first]) in FORGONE


def _asked_when(tok: Token, deps: set[str]) -> bool:
    """A past form with no subject right after a subordinator, passive in sense: 'When asked
    whether ..., Johnson told' (Johnson was asked; 'when asked by reporters' has its askers)."""
    if tok.tag_ not in ("VBD", "VBN") or tok.dep_ != "advcl" or deps & {"nsubj", "agent"}:
        return False
    before = tok.doc[tok.i - 1] if tok.i else None
    return before is not None and before.head.i == tok.i and before.lower_ in SUBORDINATORS


def _hearsay(tok: Token) -> bool:
    """A cue that only passes on a rumour, with no one saying it: 'a target said to be a convoy',
    'reported to have fled' (a subject of its own speaks: 'he said to be careful')."""
    if tok.lemma_.lower() not in HEARSAY or any(c.dep_ in SUBJECTS for c in tok.children):
        return False
    return any(
        c.dep_ == "xcomp" and c.lemma_ in ("be", "have") and c.i > tok.i for c in tok.children
    )


def _infinitive(tok: Token) -> bool:
    """Whether a verb is a to-infinitive: 'to say'."""
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _took_place(tok: Token) -> bool:
    """Whether an infinitive cue reports speech that took place: the purpose of a finite act
    ('took to Twitter to say', 'met them to urge') or after a word saying it happened ('went on to
    say', 'the first to suggest'); not one declined, expected or possible ('declined to say',
    'pressure to explain', 'too early to claim')."""
    head = tok.head
    if head.lemma_ == "speak" and not any(c.dep_ == "ccomp" for c in tok.children):
        return False  # 'spoke on condition of anonymity to describe internal discussions'
    if tok.dep_ == "advcl" and head.pos_ == "VERB":  # 'stepped forward to say', 'has come to'
        auxes = [c for c in head.children if c.dep_ == "aux"]
        if head.tag_ == "VBN":
            return any(c.lemma_ == "have" and c.tag_ in FINITE for c in auxes)
        return head.tag_ in FINITE or (head.tag_ == "VBG" and not auxes)  # not 'is planning to'
    if tok.dep_ == "advcl":
        return False
    return tok.dep_ in ("xcomp", "relcl") and head.lemma_.lower() in lexicon.load().infinitive_heads


def speechless(speaker: Span | None) -> bool:
    """Whether a speaker phrase of a quotation makes no statement: no one ('No one'), the reader
    ('would you say “...”') or a bare noun of data or findings ('(emphasis added)'; 'the study
    notes “...”' quotes its authors)."""
    bare = speaker is not None and len(speaker) == 1 and speaker.root.tag_ == "NN"
    return _nobody(speaker) or (bare and _mute(speaker))


def _mute(speaker: Span | None) -> bool:
    """Whether a speaker phrase names data or findings, which make no statement: 'a survey'."""
    if speaker is None:
        return False
    root = speaker.root
    if root.pos_ == "PRON" and root.lower_ in DEMONSTRATIVES and len(speaker) == 1:
        return True  # 'This suggests that the company confused the dates': a finding again
    words = lexicon.load().mute_speakers
    return root.pos_ == "NOUN" and (root.lemma_.lower() in words or root.lower_ in words)


def _nobody(speaker: Span | None) -> bool:
    """Whether a speaker phrase says no one spoke, or speaks for the reader: 'No one', 'no
    official', 'you'."""
    if speaker is None:
        return False
    root = speaker.root
    return root.lower_ in NO_SPEAKER or any(
        (c.dep_ == "det" and c.lower_ == "no") or c.lower_ == "neither" for c in root.children
    )  # 'Neither Kerry nor Netanyahu would say'


def _inverted_subject(tok: Token, in_quote: list[bool]) -> Span | None:
    """The speaker of an inverted attribution, '..., said Christine Link' or '“...,” says the
    mayor'.
    """
    doc = tok.doc
    if tok.i == 0 or tok.i + 1 >= len(doc) or doc[tok.i - 1].text not in (",", "\u201d", '"', "''"):
        return None
    closing = doc[tok.i - 1].text in ("\u201d", '"', "''") and not any(
        c.dep_ == "aux" for c in tok.children
    )  # '“...,” write Gérard Araud and Ali Vaez': the parse takes a plural verb for a bare one
    finite = tok.tag_ in FINITE or (tok.tag_ == "VB" and closing)
    if not finite or tok.lemma_.lower() in ("tell", "ask", "call"):
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
    clause = head.head
    if not closing and head.dep_ in SUBJECTS and clause.dep_ == "ccomp" and clause.head.i == tok.i:
        return None  # 'X, responding to a question, said the bombings are': what X said
    if head.pos_ in ("PROPN", "NOUN"):
        return speaker_phrase(head)
    return None


def speaker_phrase(head: Token) -> Span:
    """A speaker's noun phrase: the head with its compounds, determiners and modifiers on the
    left; a described speaker's name when an appositive gives it.
    """
    doc = head.doc
    if head.pos_ == "NOUN":  # 'his son George Bush Jr', 'a spokesman, Ali Ahmed,': the name
        name = next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if name is not None and name.i - head.i <= 6 and name.text not in CALENDAR:
            head = name
    if head.pos_ == "ADJ":  # 'Current and former staffers told me': the noun coordinated
        noun = next((c for c in head.rights if c.dep_ == "conj" and c.pos_ == "NOUN"), None)
        if noun is not None:
            return doc[head.left_edge.i : noun.i + 1]
    if head.pos_ in ("NOUN", "PROPN") and head.ent_type_ != "PERSON":
        person = titled_person(head)
        if person is not None:  # the name alone, not the title's words the parse hung on it
            first = person.i
            while first > 0 and doc[first].ent_iob_ == "I":
                first -= 1
            return doc[first : person.i + 1]
    start = head.i
    for child in head.lefts:
        if child.dep_ in ("compound", "det", "amod", "nmod", "poss", "nummod", "quantmod", "case"):
            start = min(start, child.left_edge.i)
    for i in range(head.i - 1, start - 1, -1):
        if doc[i].is_space or (doc[i].is_punct and doc[i].text not in (".", "'", "\u2019", "-")):
            start = i + 1
            break
    while start < head.i and doc[start].text in CALENDAR:  # 'on Sunday Anna Berg said'
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "case" and child.i == end):
            end = child.i + 1
        else:
            break
    whole = _whole_of(head, end)
    if whole is None and (name := _name_after_title(doc, end)) is not None:
        return doc[start : name.end]  # 'said Lt. Cmdr. Anna Berg', split at the title's stop
    return doc[start : whole.end if whole is not None else end]


def _name_after_title(doc: Doc, end: int) -> Span | None:
    """The person named right after a phrase ending in an abbreviated title whose full stop the
    parse took for a sentence end: 'Lt. Cmdr' + '.' + 'Anna Berg'."""
    last = doc[end - 1]
    if end + 1 >= len(doc) or doc[end].text != "." or last.ent_type_:
        return None
    if not (last.is_title and last.is_alpha and len(last) <= TITLE_LETTERS):
        return None
    first = doc[end + 1]
    if first.ent_type_ != "PERSON" or first.ent_iob_ != "B":
        return None
    stop = first.i + 1
    while stop < len(doc) and doc[stop].ent_iob_ == "I":
        stop += 1
    return doc[first.i : stop]


def titled_person(head: Token) -> Token | None:
    """The person a title's prepositional phrase names, whom the parse hung on it: 'Special Agent
    in Charge Anna Berg', 'the head of the commission, Pavel Sorin,'."""
    titled = head.lower_ in lexicon.load().title_words or head.pos_ == "PROPN"
    if not titled or head.tag_ not in ("NN", "NNP"):  # not 'Aides to Kerry', 'the regime of'
        return None
    prep = next((c for c in head.rights if c.dep_ == "prep"), None)
    if prep is None or prep.i != head.i + 1 or prep.lower_ not in ("of", "in", "to"):
        return None  # not 'a spokeswoman for Hillary Clinton'
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    if _ends_person(obj):
        return obj
    name = next((c for c in obj.rights if c.dep_ == "appos" and _ends_person(c)), None)
    if name is not None and obj.doc[name.left_edge.i - 1].text == ",":
        return name
    return None


def _ends_person(tok: Token) -> bool:
    """Whether a token ends a PERSON name."""
    after = tok.i + 1
    return tok.ent_type_ == "PERSON" and (after == len(tok.doc) or tok.doc[after].ent_iob_ != "I")


def _whole_of(head: Token, end: int) -> Span | None:
    """The group an unnamed speaker belongs to or heads, 'of' right after it: 'one of the
    officials', 'members of Congress', 'the head of the agency'."""
    if head.pos_ not in ("NOUN", "NUM", "PRON", "DET") or head.lower_ in PRONOUNS:
        return None
    of = next((c for c in head.rights if c.dep_ == "prep" and c.i == end), None)
    if of is None or of.lower_ != "of":
        return None
    whole = next((c for c in of.children if c.dep_ == "pobj"), None)
    return speaker_phrase(whole) if whole is not None else None


def content_range(doc: Doc, text: str, tok: Token) -> tuple[int, int] | None:
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
    if not kids and tok.lemma_.lower() in lexicon.load().speech_object_cues:
        kids = [c for c in tok.children if c.dep_ in ("dobj", "oprd") and c.lower_ not in PRONOUNS]
        kids = [c for c in kids if c.right_edge.i - c.left_edge.i >= 1 or c.pos_ == "PROPN"]
        if kids:
            kids += [c for c in tok.rights if c.dep_ == "prep" and c.i > kids[0].i]
    if not kids and tok.dep_ in ("parataxis", "ccomp") and tok.head.i < tok.i:
        head = tok.head
        cues = lexicon.load().quote_cues
        if head.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in cues:
            return None
        if is_cue(head, cues):  # 'one of the officials said the president asked': its report
            return None
        if any(c.dep_ == "mark" for c in tok.children):  # 'announced that he will declare'
            return None
        if head.sent.start != tok.sent.start or "\n" in text[head.idx : tok.idx]:
            return None
        start, end = head.left_edge.i, tok.left_edge.i
        if end - start < 3:
            return None
        after = doc[tok.right_edge.i + 1 : head.right_edge.i + 1]
        if sum(1 for t in after if t.is_alpha) >= 2:
            end = after.end
        return trim_span(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
    if (
        not kids
        and tok.dep_ == "advcl"
        and tok.head.i > tok.right_edge.i
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
    ):  # 'As Clyburn noted, ...'
        start, end = tok.right_edge.i + 1, tok.head.right_edge.i + 1
        if end - start < 3 or "\n" in text[tok.idx : doc[end - 1].idx]:
            return None
        return trim_span(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))
    if not kids:
        return None
    right = [c for c in kids if c.i > tok.i]
    kids = right or kids
    if any(c.dep_ == "xcomp" for c in kids):
        kids += [c for c in tok.rights if c.dep_ in ("dobj", "prep") and c.i < kids[0].i]
    start = min(c.left_edge.i for c in kids)
    end = max(c.right_edge.i for c in kids) + 1
    framed = start < tok.i and _relative_frame(doc[start : tok.i])
    if framed:  # 'which experts said appeared ...': the content ends with the relative clause
        start = tok.i + 1
    if end - start < 2:
        return None
    if start > tok.i and not _subordinate(tok) and not framed:
        # clauses the parse hung on the cue ('said X, but Y') belong to the content
        end = max(end, _next_attribution(doc, end, tok.sent.end, tok))
    end = _joined_attribution(doc, start, end, tok)
    if tok.dep_ == "relcl" and tok.head.dep_ in SUBJECTS and tok.head.head.i > tok.right_edge.i:
        end = min(end, tok.right_edge.i + 1)  # 'U.S. Steel, which said it was hit, has filed
    end = min(end, _relative_end(tok), _narration(doc, start, end, tok))
    last = doc[end - 1]
    return trim_span(text, *in_paragraph(text, tok.idx, doc[start].idx, last.idx + len(last)))


def _narration(doc: Doc, start: int, end: int, cue: Token) -> int:
    """Where reported content ends before a closing 'as' clause that narrates what its speaker
    said meanwhile: 'said the border could close, as he insisted on the wall' (not 'said the
    man was shot as he fled', whose 'he' is the man)."""
    lex = lexicon.load()
    genders, cues = lex.genders, lex.quote_cues | lex.phrase_cues
    for t in doc[cue.i + 1 : end]:
        marks = [c for c in t.children if c.dep_ == "mark" and c.lower_ == "as"]
        if t.dep_ != "advcl" or not marks or marks[0].i <= max(start, cue.i) + 2:
            continue
        if t.tag_ not in ("VBD", "VBZ") or t.lemma_.lower() not in cues:
            continue
        if any(c.dep_ in ("aux", "auxpass") for c in t.children):
            continue
        if not any(c.dep_ == "nsubj" and c.lower_ in ("he", "she") for c in t.children):
            continue
        if any(not w.is_punct for w in doc[t.right_edge.i + 1 : end]):
            continue  # 'his last words as he went out were': the clause is inside the content
        before = doc[start : marks[0].i]
        if any(w.ent_type_ == "PERSON" or w.lower_ in genders for w in before):
            continue
        first = marks[0].i
        while first > start and (doc[first - 1].is_punct or doc[first - 1].head.i == t.i):
            first -= 1  # its comma and 'even', 'just' go with it
        return first
    return end


def _relative_end(tok: Token) -> int:
    """Where the relative clause holding a cue ends, the sentence going on after it: 'Unlike Mr.
    Netanyahu, who made headlines by declaring that ..., Mr. Herzog has'."""
    clause = tok
    for _ in range(4):
        if clause.dep_ not in ("pcomp", "prep", "advcl", "xcomp", "conj"):
            break
        clause = clause.head
    if clause is not tok and clause.dep_ == "relcl":
        return clause.right_edge.i + 1
    return len(tok.doc)


def _joined_attribution(doc: Doc, start: int, end: int, cue: Token) -> int:
    """Where a range ends before another attribution the parse joined into it: 'said the attack
    was planned, and the chairman said there was reason to believe'."""
    lemmas = lexicon.load().quote_cues
    for t in doc[start:end]:
        if t.i <= cue.i or not is_cue(t, lemmas):
            continue
        if t.dep_ == "advcl" and (mark := _contrast(t)) is not None and mark.i > start + 2:
            return mark.i  # 'insists the jet did not stray, while Turkish officials said'
        if t.dep_ not in ("conj", "ccomp") or _marked(t):
            continue
        subjects = [c for c in t.children if c.dep_ in SUBJECTS and c.i < t.i]
        if not subjects:
            continue
        first = min(subjects[0].left_edge.i, t.left_edge.i)  # 'and on Sunday Bob Dole said'
        if first <= start + 2:
            continue
        k = first - 1
        while k > start and doc[k].is_punct:
            k -= 1
        if t.dep_ == "conj" or doc[k].pos_ == "CCONJ":  # a ccomp only after 'and': parse slips
            return first
    return end


def _contrast(tok: Token) -> Token | None:
    """The 'while' or 'whereas' opening a clause with a subject of its own, if one does."""
    if not any(c.dep_ in SUBJECTS and c.i < tok.i for c in tok.children):
        return None
    return next((c for c in tok.children if c.dep_ == "mark" and c.lower_ in CONTRASTS), None)


def _marked(tok: Token) -> bool:
    """Whether a subordinator opens a verb's clause: 'and that the committee would continue'."""
    return any(c.dep_ == "mark" for c in tok.children)


def _subordinate(tok: Token) -> bool:
    """A cue in a clause a subordinator opens or describing a noun, which ends where its own words
    do: 'When Obama announced the easing, he hailed the deal', 'a report describing the
    programmes, on Thursday demanded'."""
    marked = tok.dep_ == "advcl" and any(c.dep_ == "mark" for c in tok.children)
    return marked or tok.dep_ == "acl"


def _relative_frame(span: Span) -> bool:
    """Whether words before a cue are a relative pronoun and the speaker, 'which experts' said."""
    relative = span[0].tag_ in ("WDT", "WP") or (  # 'a plan that he claimed was'
        span[0].lower_ == "that" and span[0].dep_ in SUBJECTS
    )
    if not relative or len(span) > RELATIVE_FRAME:
        return False
    marks = [t for t in span if t.is_punct or t.is_space]  # 'that X, the secretary, says'
    appositive = len(marks) == 2 and all(t.text == "," for t in marks)
    return appositive or (not marks and len(span) <= RELATIVE_FRAME - 4)


def _next_attribution(doc: Doc, start: int, stop: int, cue: Token) -> int:
    """Where the next attribution ('adding', 'he said'), quotation or sentence begins, or
    `stop`."""
    lemmas = lexicon.load().quote_cues
    for t in doc[start:stop]:
        if t.text in (".", "?", "!") or "\n" in t.text:
            return t.i
        if is_cue(t, lemmas) and _attributes(t, cue):
            return max(start, min(t.left_edge.i, t.i))
    return stop


def _attributes(t: Token, cue: Token) -> bool:
    """Whether a cue after another's content opens an attribution of its own ('..., Kerry said',
    'said X, adding'), not one inside the content ('cleared the room before saying')."""
    return (
        t.lower_ == "according"
        or t.head.i == cue.i
        or t.dep_ in ("conj", "parataxis", "ROOT")
        or any(c.dep_ in SUBJECTS for c in t.children)
    )


def _that_clause(doc: Doc, text: str, tok: Token) -> tuple[int, int] | None:
    """A 'that ...' clause the parse failed to hang on the cue: from 'that' to the sentence end."""
    sent = tok.sent
    for t in doc[tok.i + 1 : min(sent.end, tok.i + 12)]:
        relative = t.dep_ == "nsubj" and t.head.dep_ == "relcl"  # 'the attack that killed 12'
        if t.lower_ == "that" and t.dep_ in ("mark", "det", "nsubj") and not relative:
            return trim_span(text, t.idx, sent.end_char)
        if t.is_punct or t.pos_ == "VERB":
            return None
    return None


def in_paragraph(text: str, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Clip a range to the paragraph holding `anchor`: a parse never reports across paragraphs."""
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = paragraph_end(text, anchor)
    return max(start, para_start), min(end, para_end)


def _around(doc: Doc, text: str, tok: Token) -> tuple[int, int] | None:
    """Content of 'according to X': the sentence outside the according-phrase."""
    sent = tok.sent
    phrase_end = tok.right_edge.i + 1
    before = (sent.start_char, tok.idx)
    after_tok = doc[phrase_end] if phrase_end < sent.end else None
    after = (
        (after_tok.idx, sent.end_char) if after_tok is not None else (sent.end_char, sent.end_char)
    )
    root = sent.root
    if (
        root.i > phrase_end
        and root.lemma_.lower() in lexicon.load().speech_cues
        and any(c.dep_ in SUBJECTS for c in root.children)
    ):
        return None  # 'According to the terms of the deal, Trump says ...': Trump's statement
    best = max(before, after, key=lambda r: r[1] - r[0])
    joined = next((t for t in doc[phrase_end : sent.end] if not t.is_punct), None)
    if joined is not None and joined.dep_ == "cc" and before[1] - before[0] >= 10:
        best = before  # 'X has built 60 weapons, according to Y, and has developed missiles
    best = in_paragraph(text, tok.idx, *best)  # a sentence the parse ran across a line break
    if best[1] - best[0] < 10:
        return None
    return trim_span(text, *best)


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Strip spaces and clause punctuation at both ends; keep a closing quotation mark."""
    while start < end and text[start] in EDGE_JUNK:
        start += 1
    if STAMP.match(text, start, end):  # '[Updated 8:44 p.m. ET] Law enforcement officials ...'
        start = STAMP.match(text, start, end).end()
    while end > start and text[end - 1] in EDGE_JUNK:
        end -= 1
    end = _undangled(text, start, end)
    return (start, end) if end > start else None


def _undangled(text: str, start: int, end: int) -> int:
    """The end of a range without the coordinators dangling at it and the spaces or commas before
    them; a walk back from the end, so a long run of blanked furniture costs its length once."""
    while (word := next((w for w in DANGLING if text.endswith(w, start, end)), None)) is not None:
        cut = sep = end - len(word)
        while sep > start and (text[sep - 1] in ",;" or text[sep - 1].isspace()):
            sep -= 1
        if sep == cut or sep <= start:
            break
        end = sep
    return end


def indirect(doc: Doc, text: str, tok: Token, in_quote: list[bool]) -> Found | None:
    """Reported speech of a cue verb: its subject and what it reports, no quotation needed."""
    if tok.lower_ != "according" and unspoken(tok):
        return None
    speaker = cue_subject(tok, in_quote)
    rng = _parenthetical(doc, text, tok, speaker) or content_range(doc, text, tok)
    if rng is None:
        return None
    inside = rng[0] <= tok.idx < rng[1]
    if speaker is not None and not inside and overlaps((speaker.start_char, speaker.end_char), rng):
        speaker = None
    if speaker is None and tok.lower_ != "according":
        return None
    if tok.lower_ != "according" and (_mute(speaker) or _nobody(speaker)):
        return None  # 'according to a poll' sources its facts; 'a poll shows' is no speech
    return Found(tok, rng[0], rng[1], speaker, direct=False)


def _parenthetical(doc: Doc, text: str, tok: Token, speaker: Span | None) -> tuple[int, int] | None:
    """'To understand it, the judge said, one should visit' or 'X, he told me on Friday, is Y':
    an attribution set off by commas inside its sentence; the whole sentence is the content."""
    if (
        speaker is None
        or speaker.end > tok.i
        or speaker.start < 2
        or doc[speaker.start - 1].text != ","
    ):
        return None
    if any(t.dep_ not in ("advmod", "aux", "neg") for t in doc[speaker.end : tok.i]):
        return None
    sent = tok.sent
    j = tok.i + 1
    while (
        j < min(sent.end, tok.i + 7)
        and doc[j].text != ","
        and tok.is_ancestor(doc[j])
        and doc[j].dep_ != "ccomp"
    ):
        j += 1
    if j >= sent.end or doc[j].text != "," or speaker.start - sent.start < 2 or sent.end - j < 4:
        return None
    own = doc[j + 1].head.i == tok.i and doc[j + 1].tag_ == "VBG"  # 'X, Kerry said, echoing Y'
    if own or any(t.dep_ == "mark" for t in doc[tok.i + 1 : j]):  # 'X, he says if asked, he will'
        return None
    start = sent.start_char
    if all(t.pos_ in LEAD_IN for t in doc[sent.start : speaker.start]):
        start = doc[j + 1].idx  # 'However, Truss said, a match would ...': only what follows
    return trim_span(text, *in_paragraph(text, tok.idx, start, sent.end_char))


def is_linked(tok: Token, roots: list[Token], span: Span) -> bool:
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


def paragraph_end(text: str, pos: int) -> int:
    """End offset of the paragraph (line) holding `pos`."""
    j = text.find("\n", pos)
    return len(text) if j < 0 else j
