"""Who a statement's speaker is: an actor of the article, a resolved pronoun, or the name as
written.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from pipeline import lexicon
from pipeline.lexicon import PRONOUNS, SUBJECTS
from pipeline.names import SUFFIXES, fold, given_compatible
from pipeline.records import Actor, Place, Statement
from pipeline.statements.cues import (
    COLLECTIVE,
    PERSONAL,
    is_age,
    is_subject,
    speaker_phrase,
    titled_person,
)
from pipeline.statements.quotes import Found, SpanIndex

__all__ = ["Resolver", "Spoke", "to_statement"]

GENDER = {"he": "he", "him": "he", "she": "she", "her": "she"}
OWN_GENDER = GENDER | {"his": "he", "himself": "he", "herself": "she"}  # pronouns of a subject
PRONOUN_REACH = 25  # tokens after a subject's name within which its own pronoun is looked for
REACH = 1500  # characters back within which a pronoun's antecedent is looked for
NOBODY = ("", None)  # the name and actor id of a pronoun with no antecedent
PLURAL = ("NNS", "NNPS")  # noun tags a 'they' can stand for
NOMINAL = ("PROPN", "NOUN")  # what a person's name may be coordinated with in a subject
_PERSONAL_TERMS = {"title", "anonymous"}  # agent kinds that name one person: 'an official'
RANKS = {"vice", "deputy", "former", "acting"}  # title words that make another office
NATIONS = ("NORP", "GPE")  # entity types of a title's modifier naming its country or party
TITLE_REACH = 4  # tokens before a name within which its title is looked for
QUANTIFIERS = ("DET", "ADJ", "NUM", "PRON")  # parts of speech of 'some', 'many', 'two', 'none'
ISSUED = {"issue", "release", "publish", "write", "sign", "send", "post", "read", "file"}
CHAIN = 3  # pronoun subjects followed back to a name: 'He ... He ... “...,” he said'


@dataclass
class Spoke:
    """A person speaker of a statement, the antecedent of a pronoun that speaks next."""

    start: int
    end: int
    name: str
    actor_id: str | None
    content: tuple[int, int]  # what was said


class Resolver:
    """Maps a speaker phrase to an actor (or a name), resolving personal pronouns backwards."""

    def __init__(
        self, doc: Doc, actors: list[Actor], in_quote: list[bool], places: list[Place] = ()
    ):
        self._places = SpanIndex((p.start, p.end) for p in places)
        self.mentions = sorted(
            ((s, e, a) for a in actors for s, e in a.mentions), key=lambda m: m[:2]
        )
        self._starts = [m[0] for m in self.mentions]
        self._longest = max((e - s for s, e, _ in self.mentions), default=0)
        # _last_person[k]: index of the latest person mention before mentions[k], or -1
        self._last_person = [-1]
        for k, (_, _, a) in enumerate(self.mentions):
            self._last_person.append(k if a.type == "person" else self._last_person[-1])
        # people named, not a name spaCy took for a person's that an organisation has: 'Politico'
        self.persons = [
            ent
            for ent in _persons(doc, self.mentions, in_quote)
            if (actor := self.actor_at(ent.start_char, ent.end_char)) is None
            or actor.type == "person"
        ]
        self._doc = doc
        self._in_quote = in_quote
        self._token_starts = [t.idx for t in doc]
        self._cues = lexicon.load().quote_cues
        self._person_starts = [ent.start_char for ent in self.persons]
        self._longest_name: dict[str, str] = {}  # a name's last word -> its longest PERSON name
        self._gender: dict[str, str] = {}  # a name's last word -> 'he' or 'she', as the text says
        told: dict[str, str] = {}  # the same, as a pronoun after the name as subject says
        for k, ent in enumerate(self.persons):
            if len(ent.text) > len(self._longest_name.get(ent[-1].text, "")):
                self._longest_name[ent[-1].text] = ent.text
            if gender := _noun_gender(ent):  # 'Mr. Clinton' and 'Mrs. Clinton' leave it unknown
                _vote(self._gender, ent[-1].text, gender)
            following = self.persons[k + 1] if k + 1 < len(self.persons) else None
            if (own := self._own_pronoun(ent, following)) is not None:
                _vote(told, ent[-1].text, own)
        for name, gender in told.items():
            self._gender.setdefault(name, gender)
        self._titled: list[tuple[int, Actor, set[str]]] | None = None  # read when first needed
        self._lemmas: numpy.ndarray | None = None  # every token's lemma id, when first needed
        self._subject_pronouns: list[int] | None = None
        self.last_speaker: Spoke | None = None  # the latest person who spoke

    def _own_pronoun(self, ent: Span, following: Span | None) -> str | None:
        """The gender a pronoun gives a person named as subject: the first he, his, she or her
        after the name in its clause, before any other person ('Clinton said her trip')."""
        if not is_subject(ent.root):
            return None
        verb = ent.root.head
        stop = min(ent.sent.end, ent.end + PRONOUN_REACH)
        if following is not None:
            stop = min(stop, following.start)
        for tok in self._doc[ent.end : stop]:
            word = tok.lower_
            if word not in OWN_GENDER or self._in_quote[tok.i] or not verb.is_ancestor(tok):
                continue
            if ent.root.is_ancestor(tok):  # 'Clinton, who served during his first term'
                return None
            return OWN_GENDER[word]
        return None

    def actor_at(self, start: int, end: int) -> Actor | None:
        """The actor with a mention overlapping [start, end), if any (the first in text order)."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        for s, e, a in self.mentions[lo:hi]:
            if s < end and e > start:
                return a
        return None

    def name_of(self, span: Span) -> tuple[str, str | None]:
        """Name and actor_id for a speaker phrase ('he' resolved, ', who' dropped)."""
        while len(span) > 1 and (span[-1].is_punct or span[-1].lower_ in ("who", "that", "which")):
            span = span[:-1]
        root = span.root
        if root.tag_ == "PRP" and root.lower_ in PERSONAL:  # 'He said', not the surname He
            return self.antecedent(span.start_char, GENDER[root.lower_])
        group = _group_of(root)
        if group is not None:  # 'Several of the ministers said', 'migrants, most of whom say'
            if group.lower_ in COLLECTIVE:
                return self.collective(span.start_char, plural=True)
            return self.name_of(speaker_phrase(group))
        issuer = _issuer_of(root)
        if issuer is not None:  # 'according to a statement issued by the ministry'
            return self.name_of(speaker_phrase(issuer))
        actor = self.actor_at(*_extent(root))
        if actor is None:  # a common noun's words after it name its group: 'a resident of Raqqa'
            actor = self.actor_at(span.start_char, root.idx if root.is_lower else span.end_char)
            if actor is not None and actor.type != "person" and root.ent_type_ == "PERSON":
                actor = None  # 'Foreign Office permanent under-secretary Simon McDonald'
            if actor is not None and actor.type == "person" and _common(root):
                actor = None  # 'Obama-era officials', 'Members of Trump's Cabinet': a modifier
            if actor is not None and actor.type != "person" and _one_person(root):
                named = self.described(span, span.start_char) if span[0].lower_ == "the" else None
                if named is not None:  # 'the former FBI director' is a person, not the FBI
                    return named.name, named.actor_id
                return self._full_name(span), None
        if actor is not None and actor.type == "person" and _other_person(span, actor.name):
            return self._full_name(span), None  # 'Anzor Tsarnaev' is not his son Tamerlan
        if actor is not None and actor.type == "state" and not self._places.any(_extent(root)):
            return span.text, None  # 'the White House', 'Israeli police': an institution speaks
        if actor is not None:
            return actor.name, actor.actor_id
        if root.lower_ in PERSONAL:
            return self.antecedent(span.start_char, GENDER[root.lower_])
        if root.lower_ in COLLECTIVE:
            return self.collective(span.start_char, plural=root.lower_ != "it")
        if root.lower_ in PRONOUNS:  # 'I', 'we', 'you', 'this': no name in the article to give
            return NOBODY
        if root.ent_type_ == "NORP" and span[0].lower_ == "the" and root.tag_ == "NNP":
            return self.antecedent(span.start_char)  # 'the Colorado Democrat': the senator named
        if span[0].lower_ == "the" and is_age(span):
            return self.antecedent(span.start_char)  # 'the 58-year-old': the person just named
        common = root.pos_ == "NOUN" and root.tag_ == "NN"
        if span[0].lower_ == "the" and (common or _one_person(root)):  # 'the President said'
            issuer = self._issuer(root)
            if issuer is not None:
                return issuer
            named = self.described(span, span.start_char)
            if named is not None:
                return named.name, named.actor_id
        return self._full_name(span), None

    def _titles(self) -> list[tuple[int, Actor, set[str]]]:
        """(offset, actor, title words) of each person named with a title, 'Vietnamese President
        X', in text order; gathered once per article, when a description first needs them."""
        if self._titled is None:
            self._titled = []
            for ent in self.persons:
                actor = self.actor_at(ent.start_char, ent.end_char)
                if actor is not None and (words := _title_words(ent)):
                    self._titled.append((ent.start_char, actor, words))
        return self._titled

    def _issuer(self, noun: Token) -> tuple[str, str | None] | None:
        """Who issued the document a definite noun names, as the clause that gave it last says:
        'X said in a statement ... the statement said', 'X issued a statement saying'."""
        lex = lexicon.load()
        doc = self._doc
        if self._lemmas is None:  # the earlier uses found without a Token per word, once
            self._lemmas = doc.to_array(LEMMA)
        for i in reversed(numpy.flatnonzero(self._lemmas[: noun.i] == noun.lemma).tolist()):
            tok = doc[i]
            if noun.idx - tok.idx > REACH:
                break
            if self._in_quote[i]:
                continue
            verb = None
            if tok.dep_ == "pobj" and tok.head.lower_ == "in":  # 'said in a statement'
                verb = tok.head.head if tok.head.head.lemma_.lower() in self._cues else None
            elif tok.dep_ == "dobj" and any(  # 'issued a statement saying', '... denouncing'
                c.dep_ == "acl" and c.tag_ == "VBG" and c.lemma_.lower() in lex.phrase_cues
                for c in tok.children
            ):
                verb = tok.head
            subjects = [c for c in verb.children if is_subject(c)] if verb is not None else []
            if subjects and subjects[0].lemma_ != noun.lemma_:
                return self.name_of(speaker_phrase(subjects[0]))
        return None

    def described(self, span: Span, pos: int) -> Actor | None:
        """The actor a definite description before `pos` stands for: of the people the article
        titles with its noun and modifiers ('the president', not for 'the vice president'), the
        subject of its sentence or the one before, else the one named most (not the latest:
        'Obama met Vietnamese President Quang. The president said'); else the latest person
        whose title ends in the noun, or organisation whose name holds the noun ('the
        ministry')."""
        word = span.root.lower_
        ranked = {t.lower_ for t in span if t.dep_ == "compound" or t.lower_ in RANKS}
        titled = ranked | {t.lower_ for t in span if t.dep_ == "amod" and t.ent_type_ in NATIONS}
        same = [a for s, a, words in self._titles() if s < pos and _titled(words, word, titled)]
        ids = {a.actor_id for a in same}
        first = span.sent.start
        first = self._doc[first - 1].sent.start if first > 0 else first  # the sentence before
        for ent in _before(self.persons, bisect.bisect_left(self._person_starts, pos)):
            if ent.start < first:
                break
            actor = self.actor_at(ent.start_char, ent.end_char)
            if actor is None or not is_subject(ent.root):
                continue
            role = set(actor.role.lower().split()) if actor.role else set()
            if actor.actor_id in ids or _titled(role, word, titled):
                return actor
        if same:
            return max(reversed(same), key=lambda a: len(a.mentions))
        for s, _, a in _before(self.mentions, bisect.bisect_left(self._starts, pos)):
            if pos - s > REACH:
                break
            if a.type == "person":  # 'the Republican president': the latest president
                role = a.role.lower().split() if a.role else []
                if role and role[-1] == word and ranked <= set(role):
                    return a
            elif word in (name := set(a.name.lower().split())) and _modifiers(span) <= name:
                return a  # not 'the special counsel' for the Office of Legal Counsel
        return None

    def collective(self, pos: int, plural: bool) -> tuple[str, str | None]:
        """What an 'it' or 'they' at `pos` refers to: the latest organisation, state or group, or
        noun of the same number, that is a subject outside quotations before it (else the latest
        such actor named); nothing when none is."""
        hi = bisect.bisect_left(self._starts, pos)
        named = subject = None
        for s, e, a in _before(self.mentions, hi):
            if pos - s > REACH:
                break
            span = self._doc.char_span(s, e, alignment_mode="expand")
            if e > pos or span is None or self._in_quote[span.start]:
                continue
            if a.type == "person":
                pair = _coordinated(span.root) if plural else None
                if pair is not None:  # 'Gen. Dempsey and Chuck Hagel wouldn't ..., they said'
                    subject = (s, pair.text, None)
                    break
                continue
            if plural != (span.root.tag_ in PLURAL or (plural and a.type == "group")):
                continue  # 'they' for 'Activists' or 'the Taliban', 'it' for 'the ministry'
            named = named or a
            if span.root.dep_ in SUBJECTS:
                subject = (s, a.name, a.actor_id)
                break
        noun = self._noun_subject(pos, plural)
        if noun is not None and (subject is None or noun.start_char > subject[0]):
            return noun.text, None
        if subject is not None:
            return subject[1], subject[2]
        group = self._plural_subject(pos) if plural else None
        if group is not None:  # 'Three House committees are investigating ... They have asked'
            return group.text, None
        return (named.name, named.actor_id) if named is not None else NOBODY

    def _plural_subject(self, pos: int) -> Span | None:
        """The latest plural common noun subject of a main clause outside quotations, in the
        sentence of `pos` or the one before: 'Marine officers would not talk to NPR. They said'."""
        i = bisect.bisect_left(self._token_starts, pos) - 1
        if i < 0:
            return None
        first = self._doc[i].sent.start
        if first > 0:
            first = self._doc[first - 1].sent.start
        while i >= first:
            tok = self._doc[i]
            if (
                tok.dep_ == "nsubj"
                and tok.tag_ == "NNS"
                and _main_clause(tok.head)
                and not self._in_quote[i]
            ):
                return speaker_phrase(tok)
            i -= 1
        return None

    def _noun_subject(self, pos: int, plural: bool) -> Span | None:
        """The latest common noun of the right number that spoke before `pos` (the subject of a
        cue): 'Advocates argue ... they say', 'The company insisted it ...'."""
        tags = PLURAL if plural else ("NN",)
        i = bisect.bisect_left(self._token_starts, pos) - 1
        while i >= 0 and pos - self._token_starts[i] <= REACH:
            tok = self._doc[i]
            spoke = tok.dep_ in SUBJECTS and tok.head.lemma_.lower() in self._cues
            if spoke and tok.tag_ in tags and not self._in_quote[i]:
                return speaker_phrase(tok)
            i -= 1
        return None

    def antecedent(self, pos: int, gender: str = "", depth: int = 0) -> tuple[str, str | None]:
        """The person a he/she at `pos` refers to: the latest person subject or speaker before
        it, not one a title gives the other gender ('Mr. Obama' is no 'she'), or what the same
        pronoun as a later subject refers to ('She called for X to act. “...,” she said')."""
        best = subject = None
        for ent in _before(self.persons, bisect.bisect_left(self._person_starts, pos)):
            if pos - ent.start_char > REACH:
                break
            if self._other(ent.text, gender):
                continue
            if subject is not None and ent.sent.start != subject.sent.start:
                break
            best = best or ent
            if (
                (is_subject(ent.root) and not _to_infinitive(ent.root.head))  # 'for X to act'
                or (  # 'China's envoy, Liu Jieyi, reiterated'
                    ent.root.dep_ == "appos" and ent.root.head.dep_ in SUBJECTS
                )
                or _title_subject(ent.root)
                or _owns_subject(ent.root)
            ):
                subject = subject or ent
                if _main_clause(_verb_of(ent.root)):  # 'Comey said Trump pressed him. He added'
                    subject = ent
                    break
        if best is not None and subject is not None and self._beside(best, subject, pos):
            subject = None
        best = subject or best
        last = self.last_speaker
        recent = (
            last is not None
            and last.name
            and pos - last.start < REACH
            and not self._other(last.name, gender)
        )
        said = recent and best is not None and _named_in(best, last)
        if best is not None and gender and depth < CHAIN:
            after = best.start_char if best is subject else best.sent.start_char
            if recent:
                after = max(after, last.start)
            chained = self._pronoun_subject(pos, gender, after)
            if chained is not None:
                return self.antecedent(chained.idx, gender, depth + 1)
        if recent and (best is None or last.start > best.start_char or said):
            return last.name, last.actor_id  # not a person named in what it said
        if best is None:
            k = self._last_person[bisect.bisect_left(self._starts, pos)]
            while k >= 0 and self.mentions[k][1] > pos:  # a person mention running over `pos`
                k = self._last_person[k]
            return (self.mentions[k][2].name, self.mentions[k][2].actor_id) if k >= 0 else NOBODY
        actor = self.actor_at(best.start_char, best.end_char)
        if actor is not None:
            return actor.name, actor.actor_id
        return self._full_name(best), None

    def _pronoun_subject(self, pos: int, gender: str, after: int) -> Token | None:
        """The latest he or she of `gender` after `after` and before `pos` that is the subject of
        a main clause outside quotations: the person the sentences are about."""
        if self._subject_pronouns is None:  # found once, from an array: no Token per word
            lower = self._doc.to_array(LOWER)
            words = [self._doc.vocab.strings[w] for w in ("he", "she")]
            self._subject_pronouns = numpy.flatnonzero(numpy.isin(lower, words)).tolist()
        found = self._subject_pronouns
        end = bisect.bisect_left(found, bisect.bisect_left(self._token_starts, pos))
        for i in reversed(found[:end]):
            if self._token_starts[i] < after:
                break
            tok = self._doc[i]
            if (
                GENDER.get(tok.lower_) == gender
                and tok.dep_ == "nsubj"
                and not self._in_quote[i]
                and _main_clause(tok.head)
            ):
                return tok
        return None

    def _beside(self, near: Span, subject: Span, pos: int) -> bool:
        """Whether the person nearest a pronoun, in the subject of another clause of its sentence,
        is what it stands for rather than a subject of an earlier sentence: 'forces under Mr.
        Haftar attacked militias that he said ...' (not 'Asked about Putin, he said', nor
        'Obama, who he noted')."""
        i = bisect.bisect_left(self._token_starts, pos)
        if i >= len(self._doc):
            return False
        pronoun = self._doc[i]
        sent = pronoun.sent
        if subject.sent.start == sent.start or not sent.start <= near.start < pronoun.i:
            return False
        if near.root.dep_ == "compound":  # 'The Murdoch outlets have ..., he said': a modifier
            return False
        if pronoun.head.is_ancestor(near.root) or near.root.is_ancestor(pronoun):
            return False
        tok = near.root
        while tok.pos_ not in ("VERB", "AUX") and tok.dep_ not in SUBJECTS and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ in SUBJECTS  # in another clause's subject: 'forces under Mr. Haftar'

    def _other(self, name: str, gender: str) -> bool:
        """Whether a title gives the person named the gender other than `gender`."""
        known = self._gender.get(name.split()[-1]) if name else None
        return bool(gender and known) and known != gender

    def _full_name(self, span: Span) -> str:
        """The longest PERSON name in the article that ends in `span` or ends it ('Berg' and
        'retired neurosurgeon Anna Berg' are 'Anna Berg'; 'Erik Berg' stays himself; 'the family
        of Anna Berg' is not she)."""
        if span.root.i != span[-1].i:
            return span.text
        name = self._longest_name.get(span[-1].text, span.text)
        return name if name.endswith(span.text) or span.text.endswith(name) else span.text


def _named_in(ent: Span, spoke: Spoke) -> bool:
    """Whether a person is named inside what a speaker said, not as that speaker: 'Raab said ...
    plans Mr Johnson had set. “...,” he said' (Raab's, not Johnson's)."""
    inside = spoke.content[0] <= ent.start_char < spoke.content[1]
    return inside and not (spoke.start <= ent.start_char < spoke.end)


def _persons(doc: Doc, mentions: list, in_quote: list[bool]) -> list[Span]:
    """The people named outside quotations, in text order: spaCy's PERSON names and the person
    actors' names it missed ('Charbonnier gave little indication that he planned')."""
    ents = [ent for ent in doc.ents if ent.label_ == "PERSON"]
    found = SpanIndex((ent.start_char, ent.end_char) for ent in ents)
    for s, e, a in mentions:
        if a.type == "person" and not found.any((s, e)):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None and len(span) and _named(span):
                ents.append(span)
    ents = [ent for ent in ents if not in_quote[ent.start]]
    return sorted(ents, key=lambda ent: ent.start_char)


def _named(span: Span) -> bool:
    """Whether a person actor's mention names someone in the sentence's structure, not a
    description ('the president') or a modifier ('the Trump administration', 'Trump's aides')."""
    root = span.root
    return root.pos_ == "PROPN" and root.dep_ not in ("compound", "poss", "nmod", "amod")


def _title_subject(name: Token) -> bool:
    """Whether a name is what a subject title's prepositional phrase names: 'the head of the
    commission, Pavel Sorin, laid out', 'Special Agent in Charge Anna Berg told'."""
    tok = name
    for _ in range(3):
        if tok.dep_ not in ("appos", "pobj", "prep"):
            break
        tok = tok.head
    person = titled_person(tok) if tok.i != name.i and tok.dep_ in SUBJECTS else None
    return person is not None and person.i == name.i


def _title_words(ent: Span) -> set[str]:
    """The words of the title a person is named with, lower-cased: its compounds and modifiers
    before the name ('Vietnamese President Tran Dai Quang') or a title in apposition ('Obama,
    the president'); empty when no title word is among them."""
    lex = lexicon.load()
    doc = ent.doc
    words = {t.lower_.rstrip(".") for t in ent if t.lower_.rstrip(".") in lex.title_words}
    j = ent.start - 1
    while j >= max(ent.sent.start, ent.start - TITLE_REACH) and doc[j].dep_ in ("compound", "amod"):
        words.add(doc[j].lower_.rstrip("."))
        j -= 1
    nouns = [c for c in ent.root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if ent.root.dep_ == "appos" and ent.root.head.pos_ == "NOUN":
        nouns.append(ent.root.head)
    for noun in nouns:
        words |= {noun.lower_} | {c.lower_ for c in noun.lefts if c.dep_ in ("compound", "amod")}
    return words if any("title" in _kinds(w) for w in words) else set()


def _titled(words: set[str], noun: str, modifiers: set[str]) -> bool:
    """Whether a title's words are those of a description, its noun and modifiers, and no rank
    it lacks: 'President X' for 'the president', not 'Vice President X' nor 'former President X'."""
    return noun in words and modifiers <= words and not (RANKS & words) - modifiers


def _group_of(word: Token) -> Token | None:
    """The group a quantifier speaker picks from: 'the ministers' of 'several of the ministers',
    'migrants' of 'migrants, most of whom', 'them' of 'many of them'."""
    if word.pos_ not in QUANTIFIERS or word.ent_type_ or word.lower_ == "one":
        return None  # 'one of the lawmakers' is one person, whom the group would not name
    for prep in word.rights:
        objects = [c for c in prep.children if c.dep_ == "pobj"] if prep.lower_ == "of" else []
        if not objects:
            continue
        group = objects[0]
        if group.tag_ in ("WP", "WDT") and word.head.dep_ == "relcl":
            return word.head.head
        if group.tag_ in PLURAL or group.lower_ in COLLECTIVE:
            return group
    return None


def _issuer_of(noun: Token) -> Token | None:
    """Who issued the document a speaker noun names, as its own words say: 'a statement from
    the ministry', 'the statement read by her lawyer' (not 'a memo obtained by the Times')."""
    if noun.pos_ != "NOUN" or noun.ent_type_ or _kinds(noun.lower_):
        return None  # not 'a spokesman for the ministry': he speaks, not his ministry
    for child in noun.rights:
        by = None
        if child.dep_ == "prep" and child.lower_ in ("by", "from") and noun.tag_ == "NN":
            by = child  # not 'counterparts from Japan': people, who speak for themselves
        elif child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_ in ISSUED:
            by = next((c for c in child.children if c.dep_ == "agent"), None)
        named = [c for c in by.children if c.dep_ == "pobj"] if by is not None else []
        if named and (named[0].ent_type_ in ("PERSON", "ORG") or _kinds(named[0].lower_)):
            return named[0]
    return None


def _one_person(noun: Token) -> bool:
    """Whether a noun titles one person rather than speaking for a body: 'director', 'analyst',
    'the President' (not 'spokesman', 'official', who speak for their organisation)."""
    kinds = _kinds(noun.lower_)
    return noun.pos_ in NOMINAL and "title" in kinds and "anonymous" not in kinds


def _common(noun: Token) -> bool:
    """Whether a speaker's head is a common noun, which a person's name before it only
    describes: 'Trump's aides', 'Members of Trump's own Cabinet'."""
    return noun.pos_ == "NOUN" and noun.ent_type_ != "PERSON"


def _noun_gender(ent: Span) -> str:
    """The gender a person noun gives a name: an honorific or title before it ('Mrs. Clinton',
    'spokeswoman Jane Roe', 'Queen Rania') or a noun in apposition ('Jane Roe, his wife', 'the
    chairman, John Doe'); '' when none does or they disagree."""
    genders = lexicon.load().genders
    doc = ent.doc
    words = [doc[ent.start - 1]] if ent.start else []
    if len(ent) > 1:
        words.append(ent[0])
    words += [c for c in ent.root.children if c.dep_ == "appos"]
    if ent.root.dep_ == "appos":
        words.append(ent.root.head)
    found = {genders[w] for t in words if (w := t.lower_.rstrip(".")) in genders}
    return found.pop() if len(found) == 1 else ""


def _vote(genders: dict[str, str], name: str, gender: str) -> None:
    """Record what the text says of a name's gender; two answers leave it unknown ('')."""
    if genders.setdefault(name, gender) != gender:
        genders[name] = ""


def _kinds(word: str) -> set[str]:
    """The kinds the agents lexicon gives a word: 'title', 'anonymous', 'collective' ..."""
    return lexicon.load().agents.get(word, ("", set()))[1]


def _modifiers(span: Span) -> set[str]:
    """The words that narrow a description's noun: 'special' in 'the special counsel'."""
    return {t.lower_ for t in span if t.dep_ in ("amod", "compound") and t.i != span.root.i}


def _other_given(span: Span, name: str) -> bool:
    """Whether a speaker phrase gives a person given names none of which is the actor's: 'Anzor
    Tsarnaev' for the actor Tamerlan Tsarnaev (titles aside: 'President Obama' is Barack)."""
    lex = lexicon.load()
    actor = name.split()
    if len(actor) < 2 or span[-1].text != actor[-1]:
        return False
    given = [
        t.text
        for t in span[:-1]
        if t.pos_ == "PROPN" and t.is_alpha and t.lower_ not in lex.title_words
    ]
    return bool(given) and not any(
        g in actor or given_compatible(g, actor[0], lex.nicknames) for g in given
    )


def _other_person(span: Span, name: str) -> bool:
    """Whether a speaker phrase names someone other than the person actor it overlaps: another
    given name, or a generation no known name of the actor has ('Trump Jr.' for Donald Trump,
    not 'Joseph R. Biden Jr.' for Joe Biden)."""
    if _other_given(span, name):
        return True
    if not any(t.lower_ in SUFFIXES for t in span):
        return False
    known = lexicon.load().persons
    if fold(name) not in known:  # a name only the text gives: its suffix is the text's own
        return False
    return not any(known.get(fold(span[k:].text), ("",))[0] == name for k in range(len(span)))


def _coordinated(tok: Token) -> Span | None:
    """The subject a person's name is one conjunct of, 'A and B', as one phrase."""
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ not in SUBJECTS or tok.pos_ != "PROPN":
        return None
    last = tok
    while more := [c for c in last.children if c.dep_ == "conj" and c.pos_ in NOMINAL]:
        last = more[-1]  # 'Trump Jr. and others in the meeting'
    if last is not tok and last.pos_ == "NOUN":
        return tok.doc[speaker_phrase(tok).start : last.right_edge.i + 1]
    if last is tok:
        return None
    start = speaker_phrase(tok).start
    if tok.doc[start].lower_ in ("both", "either", "neither"):  # 'Both Kerry and Lavrov'
        start += 1
    return tok.doc[start : speaker_phrase(last).end]


def _owns_subject(name: Token) -> bool:
    """Whether a name is the possessor of a subject that is no person, whom its sentence is about:
    'Mattis' speech struck a hopeful tone', 'Obama's earpiece stopped' (not 'Bush's vice
    president')."""
    owned = name.head
    lex = lexicon.load()
    person = owned.lower_ in lex.agents or owned.lower_ in lex.genders or owned.ent_type_
    return name.dep_ == "poss" and owned.dep_ in ("nsubj", "nsubjpass") and not person


def _verb_of(name: Token) -> Token:
    """The verb of the clause whose subject a name is or owns."""
    return name.head.head if _owns_subject(name) else name.head


def _to_infinitive(verb: Token) -> bool:
    """Whether a verb is a to-infinitive, whose subject only acts in what another wants: 'called
    for Cameron to take steps'."""
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _main_clause(verb: Token) -> bool:
    """Whether a verb heads its sentence, or a clause joined to the one that does."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _extent(tok: Token) -> tuple[int, int]:
    """A token's character range."""
    return tok.idx, tok.idx + len(tok)


def _before(items: list, end: int):
    """`items[:end]` from the last one back, without copying the list."""
    return (items[i] for i in range(end - 1, -1, -1))


def to_statement(
    doc: Doc, text: str, f: Found, resolve: Resolver, places: list[Place], starts: list[int]
) -> Statement:
    """The output record: speaker resolved to an actor, places of the statement's sentences
    (`places` sorted by start, `starts` their first characters).
    """
    speaker = speaker_id = None
    speaker_span = None
    if f.speaker is not None:
        speaker, speaker_id = resolve.name_of(f.speaker)  # '' for a pronoun with no antecedent
        speaker_span = (f.speaker.start_char, f.speaker.end_char)
        root = f.speaker.root
        actor = resolve.actor_at(root.idx, root.idx + len(root))
        if actor is not None:
            person = actor.type == "person"
        else:
            named = root.pos_ == "PROPN" and (f.speaker[0].lower_ != "the" or _one_person(root))
            person = root.ent_type_ == "PERSON" or named or root.lower_ in PERSONAL
        # an unnamed 'official' or 'spokesman' is the 'he' of the next statement too
        person = person or (root.tag_ == "NN" and _PERSONAL_TERMS & _kinds(root.lower_))
        if person and speaker:  # an unresolved 'he' is no antecedent for 'she'
            resolve.last_speaker = Spoke(*speaker_span, speaker, speaker_id, (f.start, f.end))
    elif resolve.last_speaker is not None and (
        f.cue is None or f.cue.tag_ == "VBG"
    ):  # '... Adding, “...”'
        speaker, speaker_id = resolve.last_speaker.name, resolve.last_speaker.actor_id
    first = doc.char_span(f.start, f.end, alignment_mode="expand")
    lo, hi = f.start, f.end
    if first is not None and len(first):
        lo, hi = min(lo, first[0].sent.start_char), max(hi, first[-1].sent.end_char)
    if speaker_span is not None:
        lo, hi = min(lo, speaker_span[0]), max(hi, speaker_span[1])
    place_ids = []
    for p in places[bisect.bisect_left(starts, lo) : bisect.bisect_right(starts, hi)]:
        if p.end <= hi and p.place_id not in place_ids:
            place_ids.append(p.place_id)
    cue = None
    if f.cue is not None:
        cue = "according to" if f.cue.lower_ == "according" else f.cue.text
    return Statement(
        speaker=speaker or None,
        speaker_actor_id=speaker_id,
        speaker_span=speaker_span,
        cue=cue,
        content=text[f.start : f.end],
        content_span=(f.start, f.end),
        direct=f.direct,
        place_ids=place_ids,
    )
