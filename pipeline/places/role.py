"""Whether a place is literal or stands for an actor ("Moscow said"), from the verb and words around
it.
"""

from __future__ import annotations

from spacy.tokens import Span

from geo.gazetteer import Entry

__all__ = ["role"]


def role(span: Span, e: Entry, lex: dict) -> str:
    """ "metonymic" when the place acts or is acted on as a government: "Moscow said", "Canada would
    take measures", "sanctions on Minsk", "Beijing's tariffs", "US sanctions", "a trade war with
    China".
    """
    state = e.kind == "country" or e.feature_code in (
        "PPLC",
        "PCL",
    )  # a country, a capital, the EU: governments
    if e.kind not in ("city", "country", "admin1") and not state:
        return "literal"
    doc = span.doc
    if (
        span.end < len(doc)
        and doc[span.end].text == "("
        and (span.start == 0 or "\n" in doc[span.start - 1].text)
    ):
        return "literal"  # "Washington (CNN) -": a dateline
    tok = span.root
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and (
        acts(head, lex)
        or (state and head.pos_ == "VERB" and head.lemma_.lower() not in lex["literal_verbs"])
    ):
        return "metonymic"
    if tok.dep_ in ("dobj", "dative") and head.lemma_.lower() in lex["metonymy_object_verbs"]:
        return "metonymic"
    if (
        state
        and tok.dep_ == "pobj"
        and head.dep_ == "agent"
        and head.head.lemma_.lower() not in lex["literal_verbs"]
    ):
        return "metonymic"  # "a mechanism proposed by Europe", "welcomed by Saudi Arabia"
    while (
        state
        and tok.dep_ == "compound"
        and head.ent_type_ in ("GPE", "NORP")
        and head.dep_ == "compound"
    ):
        tok, head = head, head.head  # "the China-U.S. relationship"
    if (
        state
        and tok.dep_ in ("poss", "compound", "nmod", "amod")
        and (
            (
                head.pos_ == "NOUN"
                and (
                    head.lemma_.lower() in lex["metonymy_nouns"]
                    or head.lemma_.lower() in lex["actor_nouns"]
                )
            )
            or head.lemma_.lower() in lex["office_words"]
        )
    ):
        # "Beijing's tariffs", "US sanctions", "U.S. officials", "Egypt's Prime Minister"
        return "metonymic"
    if (
        state
        and tok.dep_ == "npadvmod"
        and head.tag_ == "VBN"
        and head.lemma_.lower() in lex["metonymy_verbs"]
    ):
        return "metonymic"  # "Iran-backed forces", "Saudi-led coalition"
    if (
        state
        and tok.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in lex["partner_nouns"]
    ):
        return "metonymic"  # "a reliable ally of Washington"
    if tok.dep_ == "pobj" and head.lower_ in (
        "on",
        "against",
        "with",
        "between",
        "from",
        "to",
        "toward",
        "towards",
    ):
        noun = head.head
        if noun.dep_ in ("acl", "relcl") and noun.pos_ == "VERB":  # "sanctions imposed on Minsk"
            noun = noun.head
        if (noun.lemma_.lower() in lex["metonymy_nouns"] and noun.pos_ == "NOUN") or (
            state and noun.pos_ == "VERB" and noun.lemma_.lower() in lex["metonymy_verbs"]
        ):
            return "metonymic"  # "a trade war with China", "negotiate with Tehran"
    return "literal"


def acts(verb, lex: dict) -> bool:
    """A subject's verb that makes a place an actor: "Moscow said", "Moscow would face", "Moscow was
    ready".
    """
    lemma = verb.lemma_.lower()
    if lemma in lex["metonymy_verbs"]:
        return True
    return lemma == "be" and any(
        c.dep_ == "acomp" and c.lemma_.lower() in lex["metonymy_predicates"] for c in verb.children
    )
