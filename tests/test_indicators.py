"""PLOVER events on a hand-written evaluation set, the seed article, dates, quantities and flags."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

from pipeline import actors, context, dates, nlp, places, quantities, statements
from pipeline.indicators import features, find_indicators, flags, ranking, rules, sides, triggers

EVAL = Path(__file__).parent / "data" / "indicators_eval.jsonl"
TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


def run(texts: list[str], day: str | list[str] = "2021-12-02") -> list[list[dict]]:
    """Indicators of each text, after the real place and actor steps (statements are not used)."""
    days = day if isinstance(day, list) else [day] * len(texts)
    out = []
    for doc, d in zip(nlp.load().pipe(texts), days):
        ctx = context.build(doc, d)
        found_places = places.find_places(ctx)
        found_actors = actors.find_actors(ctx, found_places)
        out.append([vars(x) for x in find_indicators(ctx, found_actors, found_places, [])])
    return out


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return [
        json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@pytest.fixture(scope="module")
def predicted(gold) -> list[list[dict]]:
    return run([g["text"] for g in gold], [g["date"] for g in gold])


def macro_f1(gold: list[dict], predicted: list[list[dict]]) -> float:
    """score.py's rule: same type and overlapping span, one to one; F1 per gold type, averaged."""
    counts = {}  # type -> [tp, gold, predicted]
    for g, preds in zip(gold, predicted):
        used = set()
        for gi in g["indicators"]:
            c = counts.setdefault(gi["type"], [0, 0, 0])
            c[1] += 1
            for k, p in enumerate(preds):
                a, b = gi["span"], p["span"]
                if k not in used and p["type"] == gi["type"] and min(a[1], b[1]) > max(a[0], b[0]):
                    used.add(k)
                    c[0] += 1
                    break
        for p in preds:
            counts.setdefault(p["type"], [0, 0, 0])[2] += 1
    f1s = [2 * tp / (ng + npred) for tp, ng, npred in counts.values() if ng]
    return sum(f1s) / len(f1s)


def test_eval_set_covers_every_type_and_flag(gold):
    assert len(gold) >= 60
    per_type = {}
    for g in gold:
        for i in g["indicators"]:
            per_type[i["type"]] = per_type.get(i["type"], 0) + 1
            assert g["text"][i["span"][0] : i["span"][1]]
    assert set(per_type) == TYPES and min(per_type.values()) >= 3
    flags = {f for g in gold for i in g["indicators"] for f in i["flags"]}
    assert flags == {"hypothetical", "negated", "historical"}


def test_macro_f1_on_eval_set(gold, predicted):
    """A regression floor on hand-written sentences; news is measured by `make eval` on the dev set."""
    assert macro_f1(gold, predicted) >= 0.70


def test_flags_and_dyads_on_eval_set(gold, predicted):
    flag_n = flag_ok = dyad_n = dyad_ok = 0
    for g, preds in zip(gold, predicted):
        for gi in g["indicators"]:
            hit = next((p for p in preds if p["type"] == gi["type"]), None)
            if hit is None:
                continue
            for f in gi["flags"]:
                flag_n += 1
                flag_ok += f in hit["flags"]
            for side in ("source_country", "target_country"):
                if side in gi:
                    dyad_n += 1
                    dyad_ok += hit[side] == gi[side]
    assert flag_ok / flag_n >= 0.6
    assert dyad_ok / dyad_n >= 0.6


def test_seed_indicators(seed_article):
    (inds,) = run([seed_article["text"]], seed_article["date"])

    def has(typ, src=None, tgt=None, value=None):
        return any(
            i["type"] == typ
            and (src is None or i["source_country"] == src)
            and (tgt is None or i["target_country"] == tgt)
            and (value is None or (i["quantity"] or {}).get("value") == value)
            for i in inds
        )

    assert has("THREATEN", "US", "RU")
    assert has("CONSULT", "US", "RU")
    assert has("MOBILIZE", "RU", value=90000)
    assert has("ASSAULT", value=14000)
    assert has("ACCUSE", tgt="UA") or has("ACCUSE", "RU")
    annex = [i for i in inds if i["cue"] == "annexed"]
    assert annex and "historical" in annex[0]["flags"] and annex[0]["date"].startswith("2014")


def test_flags():
    (hyp,), (neg,), (hist,) = run(
        [
            "If Russia invades Ukraine, its economy will suffer.",
            "China did not deploy troops to the border.",
            "Iraq invaded Kuwait in 1990.",
        ]
    )
    assert "hypothetical" in hyp["flags"] and hyp["type"] == "ASSAULT"
    assert neg["flags"] == ["negated"] and neg["type"] == "MOBILIZE"
    assert hist["flags"] == ["historical"] and hist["date"] == "1990-01-01"
    assert hist["event_id"] == "ev:1990:ASSAULT:IQ-KW"


def test_sides_of_reported_and_backed_events():
    """A reported event takes its own subject as source, not the speaker; "X-backed" names X."""
    (said,) = run(["NATO says Russia moved troops to the border of Ukraine."])
    assert any(e["type"] == "MOBILIZE" and e["source_country"] == "RU" for e in said)
    doc = nlp.load()("U.S.-backed fighters attacked the town of Raqqa in Syria.")
    ctx = context.build(doc, "2021-12-02")
    found = places.find_places(ctx)
    lookups = rules.Lookups(ctx, date(2021, 12, 2), actors.find_actors(ctx, found), found)
    cands = sides.candidates(doc[:], lookups, [], [], None)
    assert any(c.country == "US" and c.kind == "backer" for c in cands)


def _lookups(text: str) -> rules.Lookups:
    doc = nlp.load()(text)
    ctx = context.build(doc, "2021-12-02")
    found = places.find_places(ctx)
    found_actors = actors.find_actors(ctx, found)
    said = statements.find_statements(ctx, found_actors, found)
    return rules.Lookups(ctx, date(2021, 12, 2), found_actors, found, said)


def test_we_is_the_speakers_side_and_earlier_sides_are_remembered():
    """ "We" takes the country of the statement's speaker; the sides the parse gave earlier events
    mark their countries in a later sentence that names neither ("the attack lasted")."""
    lookups = _lookups(
        "Russian forces attacked Ukraine on Monday. The attack lasted six hours. "
        '"We will respond," Ukrainian President Volodymyr Zelensky said.'
    )
    first, second, third = lookups.doc.sents
    for tok in first:
        if tok.lemma_ == "attack":
            lookups.note_sides("ASSAULT", *rules.participants(tok, tok, "ASSAULT", lookups))
    trigger = next(t for t in second if t.lemma_ == "attack")
    cands = sides.candidates(second, lookups, [], [], None, trigger, "ASSAULT")
    prior = {c.country: c.prior for c in cands}
    assert "source_type_top" in prior["RU"] and "target_type_top" in prior["UA"]
    we = next(t for t in third if t.lower_ == "we")
    assert lookups.first_person(we).country == "UA"
    assert any(
        c.kind == "we" and c.country == "UA" for c in sides.candidates(third, lookups, [], [], None)
    )


def test_side_ranking_weighs_candidates_against_each_other():
    """The side models rank an event's candidates: a feature the right candidate has wins over one
    every candidate has, and an event with no right candidate teaches nothing."""
    events = [
        ([{"named": 1.0, "subject": 1.0}, {"named": 1.0}], [True, False]),
        ([{"named": 1.0}, {"named": 1.0, "subject": 1.0}, {"named": 1.0}], [False, True, False]),
        ([{"named": 1.0}], [False]),
    ] * 5
    model = ranking.fit(events, c=1.0)
    _, k = sides.best(model, [{"named": 1.0}, {"named": 1.0, "subject": 1.0}])
    assert k == 1 and model.classes == ["0", "1"]


def test_a_domestic_event_names_one_actor_once(seed_article):
    """A target of the source's own country keeps the country but is no second copy of the
    source's actor (police and protesters of one state; the codebook's domestic events)."""
    (inds,) = run([seed_article["text"]], seed_article["date"])
    assert all(
        i["source_actor_id"] is None or i["source_actor_id"] != i["target_actor_id"] for i in inds
    )


def test_flag_features_read_the_article_dates():
    """A sentence after an old date, in an article about the past, says so to the flag models."""
    text = "Iraq invaded Kuwait in 1990. Its troops then attacked the capital."
    doc = nlp.load()(text)
    sents = list(doc.sents)
    tok = next(t for t in sents[1] if t.lower_ == "attacked")
    times = flags.article_times(dates.find_dates(text, date(2021, 12, 2)), date(2021, 12, 2))
    f = flags.features(tok, tok, sents[1], "ASSAULT", [], None, date(2021, 12, 2), times)
    assert f["last_date=old"] == 1.0 and f["article_old=high"] == 1.0


def _flag_features(text: str, cue: str, day: date = date(2021, 12, 2)) -> dict[str, float]:
    """The flag features of the first token `cue` of `text`, as extraction computes them."""
    doc = nlp.load()(text)
    tok = next(t for t in doc if t.text == cue)
    times = flags.article_times(dates.find_dates(text, day), day, doc)
    return flags.features(tok, tok, tok.sent, "ASSAULT", [], None, day, times)


def test_flag_features_read_tense_cues_and_earlier_uses():
    """The verb chain's aspect, the lexicon's cue classes up the parse, and the date of an earlier
    use of the trigger's noun ("the attack" is the one an earlier sentence dated)."""
    assert _flag_features("Israel had launched strikes on convoys.", "launched")[
        "aspect=pluperfect"
    ]
    assert _flag_features("Turkey has refrained from aiding the Kurds.", "aiding")[
        "cue=negating@near"
    ]
    assert _flag_features("Iran used to attack tankers.", "attack")["cue=past@near"]
    assert _flag_features("Russia may be planning an attack.", "attack")["cue=prospective@near"]
    text = "An attack on the mall in 2013 killed 67 people. The attack is remembered."
    assert not any(k.startswith("first_use") for k in _flag_features(text, "attack"))
    doc = nlp.load()(text)
    tok = [t for t in doc if t.text == "attack"][1]
    times = flags.article_times(dates.find_dates(text, date(2021, 12, 2)), date(2021, 12, 2), doc)
    f = flags.features(tok, tok, tok.sent, "ASSAULT", [], None, date(2021, 12, 2), times)
    assert f["first_use=old|definite"] and f["last_date=old|near"]


def test_flag_features_read_no_past_in_an_age():
    """A person's age ("a 29-year-old man") is no cue of the past, as "old" elsewhere is."""
    assert "cue=past@window" not in _flag_features("Gunmen killed a 29-year-old man.", "killed")
    assert _flag_features("The old regime attacked the town.", "attacked")["cue=past@window"]


def test_an_event_takes_the_date_of_its_own_clause():
    """Of two dates in a sentence, an event takes the one of its own clause, not the nearest."""
    (events,) = run(
        [
            "In January, a Taliban attack on a Kabul restaurant killed more than a dozen people,"
            " while in March gunmen killed several diners in a hotel."
        ],
        "2014-04-24",
    )
    first, second = [e for e in events if e["cue"] == "killed"]
    assert first["date"] == "2014-01-01" and second["date"] == "2014-03-01"


def test_one_event_per_trigger_and_casualties_apart():
    """The codebook's density: an attack and the killing it caused are two ASSAULT events, and the
    count goes on the killing."""
    (events,) = run(["Four militants were killed in an Israeli air strike in Gaza on Sunday."])
    assert [e["type"] for e in events] == ["ASSAULT", "ASSAULT"]
    killing = next(e for e in events if e["cue"] == "killed")
    assert killing["quantity"] == {"value": 4, "unit": "killed"}
    assert next(e for e in events if e["cue"] == "strike")["source_country"] == "IL"


def test_trigger_features_read_the_context():
    """What decides a type beyond the word: its arguments' lexicon types ("withdraw from the accord"
    is no troop withdrawal), a negation or modal over it, the hyphenated word ("cease-fire")."""
    doc = nlp.load()("He said the U.S. would not withdraw from the accord after the cease-fire.")
    withdraw = next(t for t in doc if t.lower_ == "withdraw")
    f = features.token_features(withdraw)
    assert {"arg_lex=from|AGREE", "lem_arg_lex=withdraw|from|AGREE", "negated", "modal"} <= set(f)
    fire = next(t for t in doc if t.lower_ == "fire")
    assert "word=cease-fire" in features.token_features(fire)


def test_key_token_of_a_copula_is_its_complement():
    """A phrase on a copula ("were critical of") is carried by the complement, and a phrase whose
    root the coder never scores still gets a word it scores."""
    doc = nlp.load()("Many senators were critical of the plan.")
    assert triggers.key_token(doc[2:5], "ACCUSE").text == "critical"
    assert features.is_candidate(triggers.key_token(doc[:], "ACCUSE"))


def test_event_ids_name_date_type_and_dyad():
    ((a,),) = run(["On Tuesday, Russia expelled two Estonian diplomats."])
    assert a["type"] == "SANCTION" and a["event_id"] == "ev:2021-11-30:SANCTION:RU-EE"


def test_quantities():
    ((q,),) = run(["Ukraine says Russia has deployed tens of thousands of troops near the border."])
    assert q["type"] == "MOBILIZE" and q["source_country"] == "RU"
    assert q["quantity"] == {
        "value": None,
        "unit": "troops",
        "approx": "vague",
        "text": "tens of thousands",
    }
    (shelling,) = run(["The shelling killed 12 civilians in Donetsk on Monday."])
    killing = next(e for e in shelling if e["cue"] == "killed")
    assert (
        killing["quantity"] == {"value": 12, "unit": "killed"} and killing["date"] == "2021-11-29"
    )
    assert quantities.parse_number("2.5 million") == (2_500_000, None)
    assert quantities.parse_number("several") == (None, None)


def test_relative_dates():
    ref = date(2021, 12, 2)  # a Thursday
    resolve = lambda text: [(w.start.isoformat(), w.precision) for w in dates.find_dates(text, ref)]
    assert resolve("on Thursday") == [("2021-12-02", "day")]
    assert resolve("last Thursday") == [("2021-11-25", "day")]
    assert resolve("earlier this month") == [("2021-12-01", "month")]
    assert resolve("last week") == [("2021-11-22", "week")]
    assert resolve("in 2014") == [("2014-01-01", "year")]
    assert resolve("on Dec. 2") == [("2021-12-02", "day")]
    assert resolve("yesterday") == [("2021-12-01", "day")]
    assert resolve("a decade ago") == [("2011-01-01", "year")]
    assert resolve("during a 2002 interview") == [("2002-01-01", "year")]
    assert dates.find_dates("on Friday", None) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\x00\x01 garbage \ufffd" * 50,
        "Россия атаковала Украину.",
        "He said “they will attack",
        "attack " * 2000,
        "Troops attacked and " * 1250 + "the town fell.",
        "Die Armee griff die Stadt an und die Regierung verurteilte den Angriff.",
        "Russia and its allies said that their troops and its army attacked Ukraine.",
    ],
)
def test_bad_input_never_crashes(text):
    doc = nlp.load()(text)
    assert isinstance(find_indicators(context.build(doc, "not a date"), [], [], []), list)
    assert isinstance(run([text], None)[0], list)


def test_corpus_articles_smoke():
    corpus = ROOT.parent / "shared" / "corpus" / "allsides_intl.jsonl.gz"
    if not corpus.exists():
        pytest.skip("shared corpus not available")
    import gzip

    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        rows = [json.loads(next(f)) for _ in range(5)]
    for row, inds in zip(rows, run([r["text"] for r in rows], [r.get("date") for r in rows])):
        for i in inds:
            assert i["type"] in TYPES and 0 <= i["span"][0] < i["span"][1] <= len(row["text"])
            assert i["event_id"].startswith("ev:")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a dozen", (12, None)),
        ("two dozen", (24, None)),
        ("14,000", (14000, None)),
        ("tens of thousands", (None, "vague")),
        ("hundreds", (None, "vague")),
        ("their soldiers", (None, None)),
    ],
)
def test_number_words(text, expected):
    """Number words parse to their value; vague amounts say so; non-numbers stay empty, never
    invented.
    """
    assert quantities.parse_number(text) == expected


def test_trigger_model_scores_each_type_on_its_own(tmp_path):
    """The trigger model is one sigmoid per type (one-vs-rest), "no trigger" being 1 - the best;
    its saved arrays load back to the same probabilities."""
    model = triggers.load()
    assert model.classes[0] == triggers.NONE
    assert model.weights.shape[1] == len(model.classes) - 1
    doc = nlp.load()("Israeli jets struck a base near Damascus on Sunday.")
    struck = features.token_features(next(t for t in doc if t.lower_ == "struck"))
    p = model.probabilities(struck)
    assert max(p, key=p.get) == "ASSAULT"
    assert p[triggers.NONE] == pytest.approx(1 - p["ASSAULT"])
    model.save(tmp_path / "t.npz")
    again = type(model).load(tmp_path / "t.npz").probabilities(struck)
    assert again == pytest.approx(p, abs=1e-3)


def test_trigger_model_scores_many_tokens_as_it_scores_one():
    """Scoring a sentence's tokens together gives each the probabilities it has alone, a token
    with no known feature too."""
    model = triggers.load()
    doc = nlp.load()("Israeli jets struck a base near Damascus on Sunday.")
    examples = [features.token_features(t) for t in doc] + [{"never-seen feature": 1}]
    together = model.probabilities_of(examples)
    for f, p in zip(examples, together):
        rows = [model.vocab[k] for k in f if k in model.vocab]
        alone = 1 / (1 + np.exp(-(model.bias + model.weights[rows].sum(axis=0))))
        assert [p[k] for k in model.classes[1:]] == pytest.approx(alone.tolist())
        assert p[triggers.NONE] == pytest.approx(1 - alone.max())


def test_truces_concede_and_a_danger_threatens_nothing():
    """As the codebook reads them (docs/ANNOTATION.md, trig7): a truce mentioned is CONCEDE, a
    "threat" that is a danger is no THREATEN, and a threat made is one."""
    truce, danger, made = run(
        [
            "The truce between Israel and Hamas took effect on Friday.",
            "ISIL poses a threat to all Iraqis and the entire region.",
            "North Korea threatened to strike Guam.",
        ]
    )
    assert [e["type"] for e in truce] == ["CONCEDE"]
    assert "THREATEN" not in {e["type"] for e in danger}
    assert [e["type"] for e in made] == ["THREATEN"]


def test_sanctions_relief_asked_or_offered_is_a_concede_of_its_own():
    """As the codebook reads them (docs/ANNOTATION.md, trig8): relief from sanctions that a party
    demands or offers is a CONCEDE beside the demand or the offer."""
    demanded, offered = run(
        [
            "Pyongyang has asked Washington to ease the sanctions.",
            "The European Union offered to lift its sanctions on Belarus.",
        ]
    )
    assert {"REQUEST", "CONCEDE"} <= {e["type"] for e in demanded}
    assert {"AGREE", "CONCEDE"} <= {e["type"] for e in offered}
