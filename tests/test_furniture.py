"""Page furniture: what is marked, what is left, and that no stage reads it, on the real model and
lexicon."""

from __future__ import annotations

import random

import duckdb

from pipeline import extract, furniture
from pipeline.records import Article

STORY = (
    "Skip to main content\n\n"
    "Story highlights Troops crossed into the north on Monday\n\n"
    "LISTEN TO ARTICLE 4:12 SHARE THIS ARTICLE Share Tweet Post Email\n\n"
    "WARSAW (AP) — Poland closed its border with Belarus on Monday, the interior minister said.\n\n"
    "Guards stand at the crossing. (Photo: Jan Kowal/Reuters) They were sent on Sunday.\n\n"
    "Photos: Border crisis Photos: Border crisis Migrants wait near Kuznica on Nov. 8. "
    "Hide Caption 1 of 9 Photos: Border crisis Soldiers patrol near Minsk. Hide Caption 2 of 9\n\n"
    "next Image 1 of 2 prev Image\n\n"
    "More: Why Belarus is pushing migrants toward the European Union\n\n"
    "READ: What the closed crossing means for trade\n\n"
    "JUST WATCHED Border standoff Replay More Videos ... MUST WATCH Border standoff 01:02\n\n"
    "Play Video 1:29 Migrants stranded at the border in Vilnius – video\n\n"
    "“We will defend our border,” the minister told reporters in Warsaw.\n\n"
    "Want the best of our stories straight to your inbox? Sign up here.\n\n"
    "Get the Morning Note. Sign up for the day's top stories. Choose your country Albania Belarus "
    "Poland Please enter a valid email address. You may unsubscribe at any time.\n\n"
    "Jane Doe and John Roe contributed to this report from Vilnius.\n\n"
    "— With assistance by Anna Kowal and Piotr Nowak\n\n"
    "Follow @newsdesk on Twitter\n"
)


def marked(text: str) -> list[str]:
    return [text[s:e] for s, e in furniture.furniture_spans(text)]


def test_share_caption_gallery_video_and_link_lines_are_furniture():
    got = marked(STORY)
    assert got[:4] == [
        "Skip to main content",
        "Story highlights",
        "LISTEN TO ARTICLE 4:12 SHARE THIS ARTICLE Share Tweet Post Email",
        "(Photo: Jan Kowal/Reuters)",
    ]
    assert got[4].startswith("Photos: Border crisis") and got[4].endswith("Hide Caption 2 of 9")
    assert got[5:] == [
        "next Image 1 of 2 prev Image",
        "More: Why Belarus is pushing migrants toward the European Union",
        "READ: What the closed crossing means for trade",
        "JUST WATCHED Border standoff Replay More Videos ... MUST WATCH Border standoff 01:02",
        "Play Video 1:29 Migrants stranded at the border in Vilnius – video",
        "Want the best of our stories straight to your inbox? Sign up here.",
        "Get the Morning Note. Sign up for the day's top stories. Choose your country Albania Belarus "
        "Poland Please enter a valid email address. You may unsubscribe at any time.",
        "Jane Doe and John Roe contributed to this report from Vilnius.",
        "— With assistance by Anna Kowal and Piotr Nowak",
        "Follow @newsdesk on Twitter",
    ]


def test_a_newsletter_form_with_a_long_country_selector_is_one_line_of_furniture():
    countries = " ".join(["Albania", "Belarus", "Cameroon", "Grenada", "Mauritius", "Poland"] * 40)
    form = (
        "Get the Morning Note. Sign up to receive the day's top stories. Choose your country "
        f"{countries} Please select your country. Sign Up Now You may unsubscribe at any time. "
        "Click the link to confirm your subscription."
    )
    text = f"Poland closed its border on Monday.\n\n{form}\n\nGuards were sent to the crossing.\n"
    assert marked(text) == [form]


def test_an_embedded_posts_link_and_credit_and_a_bracketed_link_are_furniture():
    text = (
        "We will build it pic.twitter.com/e2OCJsEiIK — Vice President Pence (@VP) April 17, 2017\n\n"
        "Donald J. Trump (@realDonaldTrump) March 25, 2018\n\n"
        "( WATCH: Politicians react to the exchange)\n\n"
        "Trump's tweets came after an awkward meeting, aides said. JUST WATCHED Army: knives used "
        "Replay More Videos ... MUST WATCH Army: knives used 01:55 The photos were posted later.\n"
    )
    assert marked(text) == [
        "pic.twitter.com/e2OCJsEiIK",
        "— Vice President Pence (@VP) April 17, 2017",
        "Donald J. Trump (@realDonaldTrump) March 25, 2018",
        "( WATCH: Politicians react to the exchange)",
        "JUST WATCHED Army: knives used Replay More Videos ... MUST WATCH Army: knives used 01:55",
    ]


def test_a_names_pop_up_card_is_furniture_and_the_visible_name_stays():
    """A card run into the sentence (the full name joined to other stories' headlines, then
    "MORE") goes; the name the sentence reads stays, so the sentence keeps its subject."""
    text = (
        "Senate Majority Leader Mitch McConnell Addison (Mitch) Mitchell McConnellSenate votes "
        "to end debate on the budget Trump attacks the press: report MORE said on Tuesday that "
        "Senator Ann Lee Ann Marie Lee Ports reopen after strike MORE would vote no.\n"
    )
    assert marked(text) == [
        "Addison (Mitch) Mitchell McConnellSenate votes to end debate on the budget Trump attacks "
        "the press: report MORE",
        "Ann Marie Lee Ports reopen after strike MORE",
    ]
    assert "CAPITALS IN A SCRIPT OF THE SAME WORDS OF ISIS AND MORE" not in " ".join(
        marked("NATS OF ISIS patrolling THE CITY OF RAQQA WERE MORE ADEPT.\n")
    )


def test_masked_text_keeps_every_offset():
    spans = furniture.furniture_spans(STORY)
    blank = furniture.masked(STORY, spans)
    assert len(blank) == len(STORY) and blank.count("\n") == STORY.count("\n")
    assert "Hide Caption" not in blank and "Poland closed its border" in blank
    assert all(not blank[s:e].strip() for s, e in spans)


def test_sentence_pieces_leave_furniture_out():
    text = "Guards stand at the crossing. (Photo: Jan Kowal/Reuters) — They were sent on Sunday."
    spans = furniture.furniture_spans(text)
    assert [text[s:e] for s, e in furniture.outside(text, (0, len(text)), spans)] == [
        "Guards stand at the crossing.",
        "They were sent on Sunday.",
    ]
    assert furniture.outside(text, (31, 40), spans) == []


def test_lines_an_outlet_repeats_are_learned_as_hashes():
    promo = "Get the Daily Brief every morning"
    articles = [
        Article(id=city, text=f"{promo}\nTalks resumed in {city} on Monday.", source="Desk")
        for city in ("Geneva", "Vienna", "Doha")
    ] + [Article(id="x", text=f"{promo}\nAnother outlet's story.", source="Other")]
    keys = furniture.repeated_lines(articles)
    assert keys == {furniture.line_key(promo)}
    assert furniture.line_key("Copyright 2019 X") == furniture.line_key("copyright  2020 x")
    text = f"{promo}\nTalks resumed in Geneva."
    assert marked(text) == [] and furniture.furniture_spans(text, keys) == [(0, len(promo))]
    copies = [Article(id=str(i), text=f"{promo}\nThe same story.", source="Desk") for i in range(3)]
    assert furniture.repeated_lines(copies) == set()


def test_no_stage_reads_furniture_and_evidence_is_trimmed():
    (ex,) = extract.extract([Article(id="f1", text=STORY, date="2021-11-08")])
    assert ex.error is None
    spans = ex.furniture
    assert ex.furniture_chars() == sum(e - s for s, e in spans) > 0
    found = (
        [(p.start, p.end) for p in ex.places]
        + [m for a in ex.actors for m in a.mentions]
        + [s.content_span for s in ex.statements]
        + [i.span for i in ex.indicators]
    )
    assert found and not any(furniture.inside(spans, s, e) for s, e in found)
    assert ex.indicators
    assert {p.text for p in ex.places} >= {"Poland", "Belarus", "Warsaw"}
    assert not {"Kuznica", "Minsk", "Vilnius"} & {p.text for p in ex.places}
    assert not any(furniture.inside(spans, s, e) for s, e in ex.sentences)
    assert [s for s in ex.statements if s.speaker and "minister" in s.speaker]


def test_stored_evidence_of_the_seed_holds_no_furniture(seed_store):
    con = duckdb.connect(str(seed_store), read_only=True)
    text = con.execute("SELECT text FROM articles").fetchone()[0]
    spans = furniture.furniture_spans(text)
    assert spans
    for table in ("places", "actor_mentions", "statements", "indicators"):
        rows = con.execute(f"SELECT sentence_start, sentence_end, sentence FROM {table}").fetchall()
        assert rows, table
        for start, end, sentence in rows:
            assert sentence == text[start:end] and not furniture.inside(spans, start, end), table
    con.close()


def test_bisection_answers_as_a_scan_of_every_span():
    """`inside` and `outside` bisect sorted spans; on random ones they answer as a full scan."""
    rng = random.Random(0)
    text = "".join(rng.choice("ab ") for _ in range(300))
    for _ in range(300):
        cuts = sorted(rng.sample(range(300), 2 * rng.randint(0, 8)))
        spans = list(zip(cuts[::2], cuts[1::2]))
        start, end = sorted(rng.sample(range(301), 2))
        assert furniture.inside(spans, start, end) == any(s < end and start < e for s, e in spans)
        pieces, at = [], start
        for s, e in spans:
            if s < end and start < e:
                pieces.append((at, max(at, s)))
                at = max(at, e)
        pieces.append((at, end))
        found = [text[s:e] for s, e in furniture.outside(text, (start, end), spans)]
        assert found == [text[s:e].strip() for s, e in pieces if text[s:e].strip()]
