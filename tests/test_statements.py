"""Statement extraction on the seed sample and on hand-written edge cases (real spaCy model)."""

import json
from pathlib import Path

import pytest

from pipeline import context, nlp
from pipeline.records import Actor, Place
from pipeline.statements import find_statements, quote_spans
from pipeline.statements.cues import trim_span

SEED = Path(__file__).resolve().parents[1] / "data" / "samples" / "seed.jsonl"


@pytest.fixture(scope="session")
def model():
    return nlp.load()


def run(model, text, actors=(), places=()):
    return find_statements(context.build(model(text)), list(actors), list(places))


def by_content(statements, words):
    return [s for s in statements if words.lower() in s.content.lower()]


def test_direct_quote_after_cue_with_pronoun_continuation(model):
    text = (
        "Foreign Minister Anna Berg met her counterpart in Oslo. "
        "“We will not accept any change of borders by force,” Berg told reporters.\n\n"
        "“Our position has not changed at all,” she added."
    )
    found = run(model, text)
    first = by_content(found, "change of borders")[0]
    assert first.direct and first.cue == "told" and first.speaker.endswith("Berg")
    assert text[first.content_span[0] : first.content_span[1]] == first.content
    assert first.content.startswith("“") and first.content.endswith("”")
    second = by_content(found, "has not changed")[0]
    assert second.speaker == "Anna Berg"
    assert text[slice(*second.speaker_span)] == "she"


def test_indirect_keeps_that_and_drops_final_period(model):
    text = "The prime minister said that the talks would resume next week."
    (s,) = run(model, text)
    assert s.content == "that the talks would resume next week"
    assert not s.direct and s.speaker == "The prime minister"


def test_mixed_quote_is_not_direct(model):
    text = "The minister said the country faced “a grave and immediate threat” from its neighbour."
    (s,) = run(model, text)
    assert (
        not s.direct
        and "grave and immediate threat" in s.content
        and s.content.startswith("the country")
    )


def test_according_to_and_tweeted(model):
    text = (
        "The army lost two helicopters near the border, according to the defence ministry. "
        "General Lee tweeted that the operation was over."
    )
    found = run(model, text)
    acc = by_content(found, "helicopters")[0]
    assert acc.cue == "according to" and "defence ministry" in acc.speaker
    tw = by_content(found, "operation was over")[0]
    assert tw.cue == "tweeted" and tw.speaker.endswith("Lee")


def test_split_quote_is_one_statement(model):
    text = "“We are ready,” the spokesman said. “But we will not wait forever.”"
    (s,) = run(model, text)
    assert s.direct and s.content_span == (0, len(text))


def test_split_quote_gives_two_statements_by_the_same_speaker_when_asked(model):
    text = (
        "“We are ready to talk,” Anna Berg said. “But we will not wait forever.” "
        "“Nor will we,” she said, “give up.”"
    )
    found = find_statements(context.build(model(text)), [], [], split=True)
    assert [s.content for s in found] == [
        "“We are ready to talk,”",
        "“But we will not wait forever.”",
        "“Nor will we,” she said, “give up.”",
    ]
    assert {s.speaker for s in found} == {"Anna Berg"}
    assert found[0].speaker_span == found[1].speaker_span


def test_it_and_they_are_resolved_or_left_empty(model):
    text = (
        "The ministry said the border would stay closed. It added that talks would resume.\n\n"
        "Activists said the city was calm. They said the army had left.\n\n"
        "“We will stay,” they said."
    )
    found = run(model, text)
    assert by_content(found, "talks would resume")[0].speaker == "The ministry"
    assert by_content(found, "army had left")[0].speaker == "Activists"
    assert all((s.speaker or "").lower() not in ("it", "they", "we") for s in found)
    alone = "“We will not leave this square,” they said. “Nobody will.”"
    assert all(s.speaker is None for s in run(model, alone))


@pytest.mark.parametrize(
    "text",
    [
        "Archer was convicted of “conspiracy to commit securities fraud” in 2018.",
        "China denied a request for two U.S. Navy ships to visit Hong Kong next month.",
        "The consulate denied him a visa for the conference in Geneva.",
        "He attacked his critics on many fronts, including the “Russian hoax” and the trade war.",
        "The general was awarded a Bronze Star with a “V” for valor in 2004.",
    ],
)
def test_non_speech_verbs_are_not_cues(model, text):
    assert run(model, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The ambassador went to Washington and was asked what he was doing there last week.",
        "If it is confirmed that the North fired missiles, it would be the first launch this year.",
        "The developments could suggest that Iran has no intention of responding to any overtures.",
        "The navy has since ordered a worldwide “operational pause” of its fleet in the region.",
    ],
)
def test_passive_conditional_possible_and_acting_cues_report_nothing(model, text):
    assert run(model, text) == []


def test_content_leaves_out_relative_frames_and_dangling_coordinators(model):
    text = (
        "They took the data, which security specialists said appeared far beyond any criminal "
        "gang. Mr Macron said he knew his comments shook up a lot of people, but added that he "
        "stood by them."
    )
    found = run(model, text)
    assert by_content(found, "far beyond")[0].content.startswith("appeared far beyond")
    assert by_content(found, "shook up")[0].content.endswith("a lot of people")


@pytest.mark.parametrize("gap", [" ", " " * 20_000])
def test_a_dangling_coordinator_goes_however_long_the_blank_before_it(gap):
    text = f"troops moved,{gap}and"  # a blanked furniture line is a run of spaces
    assert trim_span(text, 0, len(text)) == (0, len("troops moved"))
    assert trim_span("a band", 0, 6) == (0, 6) and trim_span("and", 0, 3) == (0, 3)


def test_a_verb_framing_a_quotation_attributes_it(model):
    text = "Anna Berg spoke in Oslo. “People are afraid of wasting their votes,” she surmised."
    (s,) = run(model, text)
    assert s.cue == "surmised" and s.direct and s.content.startswith("“People")


def test_a_writers_sentence_between_quotations_splits_them(model):
    text = (
        "“Please don’t go!” the German magazine urged on its cover this month. Another newspaper "
        "resorted to an old joke in its headline, “Take a Chance on Us,” on Friday."
    )
    found = run(model, text)
    assert all("Take a Chance" not in s.content for s in found if s.cue == "urged")


def test_institutions_named_for_their_state_speak_as_written(model):
    text = "The White House said on Monday that the talks would resume. The US said it agreed."
    us = Actor("state:US", "United States", "state", "US", None, [(4, 15), (64, 66)])
    place = Place(64, 66, "US", "United States", "country", 39.8, -98.5, ["US"], 6252001, "gn:1")
    found = run(model, text, [us], [place])
    assert found[0].speaker == "The White House" and found[0].speaker_actor_id is None
    assert found[1].speaker == "United States" and found[1].speaker_actor_id == "state:US"


def test_described_and_appositive_speakers_are_named(model):
    text = (
        "President Anna Berg met the envoys in Oslo. The president said that the border would "
        "stay closed.\n\n"
        "“We are saddened to announce that our dear Dad has died,” his son Erik Berg said."
    )
    berg = Actor("person:anna-berg", "Anna Berg", "person", "NO", "President", [(10, 19)])
    found = run(model, text, [berg])
    assert by_content(found, "border")[0].speaker == "Anna Berg"
    assert by_content(found, "saddened")[0].speaker == "Erik Berg"
    (quoted,) = run(
        model, "Both agencies quoted the minister as saying that the talks would resume."
    )
    assert quoted.speaker == "the minister"
    (dated,) = run(model, "Israel’s prime minister Saturday said he was ready to step down.")
    assert dated.speaker == "Israel’s prime minister"


def test_characterizing_verbs_still_attribute_a_quoted_phrase(model):
    (s,) = run(model, "Sarkozy branded the Israeli leader a “liar” at the summit in Cannes.")
    assert s.speaker == "Sarkozy" and "liar" in s.content


def test_headline_and_link_lines_are_not_statements(model):
    text = (
        "WATCH: China accuses US of meddling in Hong Kong affairs\n\n"
        "READ MORE: Trump says he will meet Kim Jong Un soon\n\n"
        "The foreign ministry said on Monday that the United States was meddling in its affairs."
    )
    (s,) = run(model, text)
    assert s.speaker == "The foreign ministry" and s.content.startswith("that the United States")


def test_actor_and_place_ids(model):
    text = "Pavel Sorin said in Kyiv that the ceasefire had collapsed. He said the shelling had resumed."
    actor = Actor("person:pavel-sorin", "Pavel Sorin", "person", "UA", None, [(0, 11)])
    kyiv = Place(20, 24, "Kyiv", "Kyiv", "city", 50.45, 30.52, ["UA"], 703448, "gn:703448")
    found = run(model, text, [actor], [kyiv])
    assert all(s.speaker_actor_id == "person:pavel-sorin" for s in found) and len(found) == 2
    assert found[0].place_ids == ["gn:703448"] and found[1].place_ids == []
    assert found[1].speaker == "Pavel Sorin"


def test_passive_present_tense_and_official(model):
    text = (
        "It was reported by the BBC that the talks had collapsed. "
        "President Aliyev says the border is calm. The shelling has stopped, the official said."
    )
    found = run(model, text)
    assert by_content(found, "talks had collapsed")[0].speaker == "the BBC"
    assert by_content(found, "border is calm")[0].cue == "says"
    assert by_content(found, "shelling has stopped")[0].speaker == "the official"


@pytest.mark.parametrize(
    "text,speakers",
    [
        (  # a floating byline, a colon before a quote, a dash after one
            "Defence Minister Ana Pop spoke in Bucharest on Monday.\n\n"
            "“The army is ready for anything that may come,” she said.\n\n"
            "“We will defend every inch of our territory.”\n\n"
            "The mayor made the following comment:\n\n“Nobody here wants to leave their homes.”\n\n"
            "“A president is not a king and never should be.” ― Martha Aguilar",
            {
                "every inch": "Ana Pop",
                "leave their homes": "The mayor",
                "not a king": "Martha Aguilar",
            },
        ),
        (  # a transcript label, an inverted titled speaker
            "Bush: “The mission is to destroy ISIS, not to contain it.”\n\n"
            "“I am not going to say it is a mistake,” said retired neurosurgeon Ben Carson, asked about it.",
            {"mission is to destroy": "Bush", "not going to say": "Ben Carson"},
        ),
    ],
)
def test_speaker_of_each_quote(model, text, speakers):
    found = run(model, text)
    for content, speaker in speakers.items():
        assert by_content(found, content)[0].speaker == speaker


def test_speaker_between_quote_and_cue_with_apposition(model):
    text = (
        "“We were wrong to not have confronted him from the beginning,” Ramos, 58, told AFP in an "
        "interview in Mexico City on Monday."
    )
    found = run(model, text)
    assert found[0].speaker == "Ramos" and found[0].cue == "told"


def test_actors_sharing_a_mention_do_not_break_speaker_lookup(model):
    """Two actors on one span (a person and the state their title names) sort by span, never by
    Actor.
    """
    text = "“We will defend every inch,” President Anna Berg said on Monday."
    start = text.index("Anna")
    both = [
        Actor("person:anna-berg", "Anna Berg", "person", "NO", "President", [(start, start + 9)]),
        Actor("state:NO", "Norway", "state", "NO", None, [(start, start + 9)]),
    ]
    found = run(model, text, both)
    assert found and found[0].speaker_actor_id in {"person:anna-berg", "state:NO"}


def test_parenthetical_attribution_takes_the_whole_sentence(model):
    text = (
        "Climate change, Mr. Obama often says, is the greatest long-term threat facing the world."
    )
    (s,) = run(model, text)
    assert (
        s.content.startswith("Climate change")
        and s.content.endswith("the world")
        and s.speaker.endswith("Obama")
    )


def test_new_sentence_after_a_closed_quote_has_its_own_statement(model):
    text = "“The attack was horrific.” He said he had directed his team to help the investigation."
    found = run(model, text)
    assert any(
        s.content == "he had directed his team to help the investigation" and s.cue == "said"
        for s in found
    )


def test_as_noted_and_reported_clause_before_a_quote(model):
    text = (
        "As the senator noted, the voters will give him a second look.\n\n"
        "He says he respects Clinton and calls her “an extremely intelligent woman with a fine record.”"
    )
    found = run(model, text)
    assert by_content(found, "second look")[0].speaker == "the senator"
    assert any(s.content == "he respects Clinton" for s in found)
    assert any(s.direct and "intelligent woman" in s.content for s in found)


def test_statements_never_share_words(model):
    text = (
        "He said “we are ready to talk” and she said « nous sommes prêts à parler » "
        "and they said ‘we are ready now’."
    )
    found = sorted(run(model, text), key=lambda s: s.content_span)
    assert len(found) == 3
    assert all(a.content_span[1] <= b.content_span[0] for a, b in zip(found, found[1:]))


def test_mixed_straight_and_curly_marks_and_colon_introduction(model):
    text = (
        '"We have the experience to do that,” said Rick Wilson, a strategist.\n\n'
        "Lynch, who told Congress when asked last month: “That matter is being handled by career agents.”"
    )
    found = run(model, text)
    assert by_content(found, "experience to do that")[0].speaker == "Rick Wilson"
    (s,) = by_content(found, "career agents")
    assert s.direct and s.cue == "told" and s.speaker.endswith("Lynch")


def test_participle_continuation_and_relative_clause_cue(model):
    text = (
        "Maher said the report “was not good.” Adding, “It is always how they handle it.”\n\n"
        "Hillary Clinton mocked him, saying anybody who complains about a mic “is not having a good night.”"
    )
    found = run(model, text)
    assert by_content(found, "how they handle it")[0].speaker == "Maher"
    assert by_content(found, "good night")[0].speaker == "Hillary Clinton"


def test_markup_attributes_are_not_quotes():
    text = '<tweet id="750366792434978816" author="@x">We will win</tweet> and “this one counts.”'
    assert [text[a:b] for a, b in quote_spans(text)] == ["“this one counts.”"]


def test_quote_marks_of_every_kind_find_their_speaker(model):
    text = (
        "“We are ready to talk,” the envoy said.\n\n"
        '"We are ready to talk," the envoy said.\n\n'
        "«We are ready to talk», the envoy said.\n\n"
        "''We are ready to talk,'' the envoy said."
    )
    found = run(model, text)
    assert len(found) == 4 and all(s.direct and s.speaker == "the envoy" for s in found)


def test_unbalanced_quote_yields_no_statement_across_paragraphs(model):
    text = (
        "“We will not retreat from the line, the minister said\n\nTalks resume on Monday in Geneva."
    )
    for s in run(model, text):
        assert "\n" not in s.content


def test_quote_spanning_paragraphs_keeps_its_speaker(model):
    text = (
        "“The first part of the statement is long and has no closing mark.\n\n"
        "“The second part ends it,” the envoy said."
    )
    found = run(model, text)
    assert len(found) == 2 and all(s.speaker == "the envoy" for s in found)


def test_text_without_sentence_punctuation(model):
    text = (
        "the minister said the talks would resume next week and the army said it would pull back "
        * 20
    )
    found = run(model, text)
    assert found and all(text[slice(*s.content_span)] == s.content for s in found)


@pytest.mark.parametrize(
    "text",
    [
        "",
        '“Unclosed guillemet « and curly ‘ and straight " marks\n\n» ” ’ "',
        "“" * 50 + "said" + "”" * 50,
        "He said: “\n\n”",
        "   \n\n ",
        "“An unbalanced quote that never closes, the minister said",
        "He said “yes” and she said « non » and they said ‘maybe’ and \"why\" and ''fine''",
        "no punctuation at all just words said the man that it was fine",
        "“First paragraph of a long quote.\n\n“Second paragraph,” the envoy said.",
        "\x00\x01 binary ¤¤ junk ” ” “ « ‘",
        "Der Minister sagte, dass die Gespräche weitergehen.",
    ],
)
def test_bad_input_never_crashes(model, text):
    for s in run(model, text):
        assert 0 <= s.content_span[0] < s.content_span[1] <= len(text)
        assert text[s.content_span[0] : s.content_span[1]] == s.content


def test_quote_marks():
    text = "«Nous sommes prêts», a-t-il dit. He said ''yes'' and “no” and \"maybe\" and ‘fine’ but Russia’s."
    spans = [text[a:b] for a, b in quote_spans(text)]
    assert spans == ["«Nous sommes prêts»", "''yes''", "“no”", '"maybe"', "‘fine’"]


def test_unbalanced_quote_stops_at_paragraph():
    text = "“Open quote never closed\n\nNext paragraph."
    assert quote_spans(text) == [(0, 24)]


@pytest.mark.skipif(not SEED.exists(), reason="seed sample missing")
def test_seed_article(model):
    article = json.loads(SEED.read_text(encoding="utf-8").splitlines()[0])
    found = run(model, article["text"])
    want = [
        ("Blinken", "The best way to avert the crisis", True),
        ("Blinken", "there will be serious consequences", None),
        ("Lavrov", "do not want any conflicts", True),
        ("Blinken", "The unwavering commitment of the United States", True),
        ("Blinken", "That was very, very clearly evident", True),
        ("Kuleba", "comprehensive deterrence package", None),
        ("Lavrov", "Moscow would soon put forward proposals", None),
        ("Putin", "forced to act", None),
    ]
    for speaker, words, direct in want:
        hits = [s for s in by_content(found, words) if speaker in (s.speaker or "")]
        assert hits, (speaker, words)
        assert direct is None or any(s.direct == direct for s in hits), (speaker, words)


def test_asked_participle_speaks_for_no_one(model):
    text = "Asked whether the talks had failed, the minister said the two sides would meet in May."
    (s,) = run(model, text)
    assert s.cue == "said" and s.speaker == "the minister"
    assert s.content == "the two sides would meet in May"


def test_named_thing_is_no_statement(model):
    text = "The senator huddled with aides last month to work on a bill called the Relief Act."
    assert run(model, text) == []


def test_data_make_no_statement(model):
    assert (
        run(model, "A survey by the central bank suggested that tariffs had hurt investment.") == []
    )
    (s,) = run(model, "According to a new poll, most voters back the plan to raise taxes.")
    assert s.cue == "according to"  # a source of facts, kept as PolNeAR codes it


def test_infinitive_cue_only_when_the_speech_took_place(model):
    assert run(model, "The senator declined to say whether he would run for the seat again.") == []
    assert run(model, "The reservists faced pressure to explain why the mission had failed.") == []
    (s,) = run(model, "The senator went on to say that he would not run for the seat again.")
    assert s.speaker == "The senator" and s.content.startswith("that he would not run")


def test_generic_relative_speaks_for_no_one(model):
    text = "Why would anyone donate money to someone who claims to have over $10 billion?"
    assert run(model, text) == []


def test_subject_before_the_cue_over_a_name_after_it(model):
    text = "Sen. Amy Klobuchar (D-MN) told ABC's, George Stephanopoulos, that the talks had failed."
    (s,) = run(model, text)
    assert s.speaker == "Amy Klobuchar"


def test_person_modifying_the_speaker_does_not_speak(model):
    text = (
        "Barack Obama spoke. Several senior Obama-era officials have said they believe Putin lied."
    )
    obama = Actor("person:barack-obama", "Barack Obama", "person", "US", None, [(0, 12), (35, 40)])
    (s,) = run(model, text, [obama])
    assert s.speaker == "Several senior Obama-era officials" and s.speaker_actor_id is None


def test_other_given_name_is_another_person(model):
    text = (
        "Tamerlan Tsarnaev was killed. Anzor Tsarnaev said that his sons were set up by the police."
    )
    son = Actor("person:tamerlan-tsarnaev", "Tamerlan Tsarnaev", "person", None, None, [(0, 17)])
    son.mentions.append((30, 44))  # an actor list that took the father for his son
    (s,) = run(model, text, [son])
    assert s.speaker == "Anzor Tsarnaev" and s.speaker_actor_id is None


def test_subject_of_a_line_the_parse_ran_into_a_heading(model):
    text = (
        "SPIRIT OF THE GUARD\n\nIndiana National Guard reservist Cameron St. Andrew, who resigned "
        "from full-time service after the November election, told Reuters that as a transgender "
        "person he was concerned about his status.\n\n“I try to be tough about it,” he said."
    )
    quote = by_content(run(model, text), "tough about it")[0]
    assert quote.speaker == "Cameron St. Andrew"


def test_according_to_reports_the_clause_before_a_coordinated_one(model):
    text = (
        "North Korea has built as many as 60 nuclear weapons, according to the Defense Intelligence "
        "Agency, and has developed missiles that can reach the United States."
    )
    (s,) = run(model, text)
    assert s.content == "North Korea has built as many as 60 nuclear weapons"


def test_relative_cue_reports_only_its_clause(model):
    text = (
        "United States Steel, which said it was restarting idled furnaces, has filed objections "
        "against a slew of companies seeking exclusions."
    )
    s = by_content(run(model, text), "restarting")[0]
    assert s.content == "it was restarting idled furnaces"


def test_possessor_of_a_message_speaks(model):
    text = (
        "The group fired back at Trump after the president's Twitter tirade urging Congress to "
        "invoke the nuclear option to pass the immigration bills."
    )
    s = by_content(run(model, text), "nuclear option")[0]
    assert s.speaker == "the president"


def test_acts_named_by_speech_verbs_are_no_statements(model):
    (s,) = run(model, "The ministry said the workers hadn't reported for work in the district.")
    assert s.cue == "said"
    assert run(model, "Last week, the militants claimed a new city in the western province.") == []


def test_speech_still_to_come_is_no_statement(model):
    text = "Obama is planning a prime-time speech to announce how the campaign will be broadened."
    assert run(model, text) == []


def test_range_ends_before_an_attribution_joined_into_it(model):
    text = (
        "The Libyan prime minister said the attack was planned, and the committee chairman said "
        "there was reason to believe al Qaeda carried it out."
    )
    first, second = run(model, text)
    assert first.content == "the attack was planned" and second.speaker == "the committee chairman"


def test_cue_inside_the_content_does_not_end_it(model):
    text = (
        "He says the president cleared the room before saying that he hoped the inquiry would end."
    )
    (s,) = run(model, text)
    assert s.content.endswith("before saying that he hoped the inquiry would end")


def test_description_names_an_organisation_only_with_its_modifiers(model):
    text = (
        "The Office of Legal Counsel issued guidance in 2000. But the special counsel on Wednesday "
        "suggested otherwise, saying charging the president was not an option."
    )
    olc = Actor("org:olc", "Office of Legal Counsel", "organization", "US", None, [(4, 27)])
    s = by_content(run(model, text, [olc]), "not an option")[0]
    assert s.speaker == "the special counsel" and s.speaker_actor_id is None


def test_name_after_the_object_is_the_audience(model):
    text = (
        '"We tried to negotiate on the Dreamers, and that was led by reasonable Republicans," Sen. '
        "Amy Klobuchar (D-MN) told ABC's, George Stephanopoulos.\n\n"
        '"I was in that group, a small group of us that were working to find a way out," she '
        "continued."
    )
    first, second = run(model, text)
    assert first.speaker == second.speaker == "Amy Klobuchar"


def test_what_would_have_been_said_was_not(model):
    text = "If the Taliban had been asked, they would surely have said that they are our enemy."
    assert run(model, text) == []


def test_party_description_names_the_person_before_it(model):
    text = (
        "Sen. Mark Udall backed the report on Sunday.\n\n"
        "“The argument for the status quo fell apart last week,” the Colorado Democrat told ABC."
    )
    s = by_content(run(model, text), "status quo")[0]
    assert s.speaker == "Mark Udall"


def test_denied_or_missed_speech_is_no_statement(model):
    assert run(model, "The ministry did not tell lawmakers that the deal had been signed.") == []
    assert run(model, "The newspapers should have reported that the minister resigned.") == []


def test_quotation_after_the_cue_clause_is_not_joined_to_the_one_before(model):
    text = (
        "On NBC's “Meet the Press,” Senator Tom Ward told the host the agency had missed “a lot "
        "of warning signs” in its review."
    )
    (s,) = run(model, text)
    assert s.content.startswith("the agency had missed") and "Meet the Press" not in s.content
    text = (
        "“We will finish the work,” the minister said, adding that nobody should “jump to "
        "conclusions” about the case."
    )
    said, adding = run(model, text)
    assert said.content == "“We will finish the work,”"
    assert adding.cue == "adding" and adding.content.startswith("that nobody should")
    text = "“We will finish the work,” the minister said on Monday, “and then we will go home.”"
    (s,) = run(model, text)
    assert s.content.startswith("“We will") and s.content.endswith("go home.”")


def test_document_a_cue_describes_speaks(model):
    text = "Her claims matched a State Department email stating that the consulate was attacked."
    (s,) = run(model, text)
    assert s.speaker == "a State Department email"
    text = "The talks ended with a letter written by the senator urging the president to veto it."
    (s,) = run(model, text)
    assert s.speaker == "the senator"


def test_speaker_keeps_the_group_it_belongs_to(model):
    (s,) = run(model, "But one of the officials said the president asked for the plan.")
    assert s.speaker == "one of the officials"
    assert s.content == "the president asked for the plan"
    (s,) = run(model, "A resident of Raqqa said the bombs hit the market.")
    assert s.speaker == "A resident of Raqqa"


def test_pronoun_stands_for_the_person_in_its_sentence_subject(model):
    text = (
        "Ali Jaber, a shopkeeper, says the city is calm. "
        "Forces under General Anton Weiss attacked militias that he said the police had failed "
        "to control."
    )
    (s,) = by_content(run(model, text), "police")
    assert s.speaker == "Anton Weiss"


def test_facts_and_acts_make_no_statement(model):
    assert run(model, "The move suggests that the government is ready to negotiate.") == []


def test_cue_in_a_relative_clause_reports_only_that_clause(model):
    text = (
        "Unlike Senator Tom Ward, who made news on Monday by declaring that he opposes the "
        "treaty, Ms. Vik has long supported it."
    )
    (s,) = run(model, text)
    assert s.content == "that he opposes the treaty"


def test_title_cut_off_by_its_period_still_attributes(model):
    text = (
        "“We are evaluating options to end the use of Russian engines,” Air Force Maj. Eric "
        "Badger told The Washington Times."
    )
    (s,) = run(model, text)
    assert s.speaker == "Eric Badger" and s.direct


def test_with_introduces_the_subject_of_a_participle(model):
    text = (
        "Lawmakers have been attacking the envoy since the interview, with Senate Committee "
        "Chairman Tom Ward, a Texas Republican, even calling for her resignation."
    )
    (s,) = run(model, text)
    assert s.speaker == "Tom Ward" and s.content == "for her resignation"


def test_unnamed_official_is_the_next_pronoun(model):
    text = (
        "Erdogan spoke on Monday. “We will not pay,” a senior Turkish official said. "
        "He added that the talks would go on."
    )
    (added,) = by_content(run(model, text), "talks")
    assert added.speaker == "a senior Turkish official"


def test_speaking_to_describe_reports_nothing(model):
    text = (
        "A White House official, who spoke on condition of anonymity to describe internal "
        "discussions, said nothing was settled."
    )
    (s,) = run(model, text)
    assert s.cue == "said" and s.content == "nothing was settled"


def test_passive_cue_speaks_through_its_agent(model):
    text = "“The city has been ours for 3,000 years,” I was told by Pastor Robert Jeffress."
    found = by_content(run(model, text), "3,000 years")
    assert found and found[0].speaker == "Robert Jeffress"


def test_quoted_as_saying_in_the_passive_is_the_subjects(model):
    text = (
        "Gen. Ali Fadavi was quoted by Iranian state TV as saying that the sailors had entered "
        "the waters because of a navigation fault."
    )
    found = by_content(run(model, text), "navigation fault")
    assert found and found[0].speaker == "Ali Fadavi"


def test_an_age_description_is_the_person_named_before(model):
    text = (
        "One moviegoer in Dallas, David Matthews, said he was glad he went.\n\n"
        "“It was such a paradox, this whole experience,” the 58-year-old said."
    )
    (s,) = by_content(run(model, text), "paradox")
    assert s.speaker == "David Matthews"


def test_no_one_and_the_reader_make_no_statement(model):
    text = (
        "No one is suggesting that the treaty is dead. "
        "You can argue that the talks failed, but the truth is more complicated."
    )
    assert run(model, text) == []


def test_they_after_two_named_people_is_both(model):
    text = (
        "John Kerry and Sergei Lavrov met in Geneva on Friday. "
        "They said the talks had been constructive."
    )
    k = text.index("Sergei Lavrov")
    lavrov = Actor("person:sergei-lavrov", "Sergei Lavrov", "person", "RU", None, [(k, k + 13)])
    (s,) = run(model, text, [lavrov])
    assert s.speaker == "John Kerry and Sergei Lavrov"


def test_a_contrasting_attribution_ends_the_first(model):
    text = (
        "Russia insists the fighter jet did not stray outside Syria, while Turkish officials said "
        "the jet was warned 10 times to turn back."
    )
    found = run(model, text)
    (first,) = [s for s in found if s.speaker == "Russia"]
    assert first.content == "the fighter jet did not stray outside Syria"
    assert any(s.speaker == "Turkish officials" and "warned" in s.content for s in found)


def test_a_cue_joined_to_a_reported_clause_is_the_reporters(model):
    text = (
        "Lebanon's acting prime minister, Najib Mikati, said the blasts were a cowardly attack "
        "and urged the public to exercise the utmost restraint."
    )
    found = by_content(run(model, text), "utmost restraint")
    assert found and found[-1].speaker == "Najib Mikati"


def test_said_to_be_passes_on_no_statement(model):
    text = "In January, Israel hit a target near Damascus said to be a convoy of arms."
    assert run(model, text) == []


def test_a_pronoun_after_the_name_gives_its_gender(model):
    text = (
        "Maria Lopez said her ministry would reply on Monday. Tom Berg said his office agreed. "
        "“We will respond soon,” she said."
    )
    (s,) = by_content(run(model, text), "respond soon")
    assert s.speaker == "Maria Lopez"


@pytest.mark.parametrize(
    "opening",
    [
        "Ministry spokeswoman Maria Lopez declined to comment on Sunday.",
        "Maria Lopez, his wife, declined to comment on Sunday.",
    ],
)
def test_a_person_noun_gives_its_names_gender(model, opening):
    """A title or an apposition that only names women ('spokeswoman', 'his wife') keeps a later
    "he" off the woman it names."""
    text = opening + " Tom Berg met the envoy. Maria Lopez greeted him. “We will respond,” he said."
    (s,) = by_content(run(model, text), "We will respond")
    assert s.speaker == "Tom Berg"


def test_a_relative_that_frame_is_left_out(model):
    text = "Trump on Tuesday proposed a plan that he claimed was a realistic two-state solution."
    (s,) = run(model, text)
    assert s.content == "was a realistic two-state solution"


def test_what_someone_can_say_is_no_statement(model):
    text = "As a good cop, he can say to the Chinese that a deal is within reach."
    assert run(model, text) == []


def test_a_quoted_title_inside_the_speakers_words_is_no_statement(model):
    text = (
        "Former adviser Steve Bannon, appearing on ABC News’ “This Week with George "
        "Stephanopoulos,” said that he believed the policy required no defence."
    )
    found = run(model, text)
    assert not by_content(found, "This Week")
    assert any(s.content.startswith("that he believed") for s in found)


def test_a_byline_opening_the_next_line_names_a_floating_quote(model):
    text = (
        "“The trouble with you, John, is that your spine does not reach your brain.”\n\n"
        "-- Margaret Thatcher, speaking to a member of her party in 1992.\n\n"
        "The party later split over Europe."
    )
    (s,) = run(model, text)
    assert s.speaker == "Margaret Thatcher" and s.direct


def test_a_quote_after_a_colon_before_its_cue_is_direct(model):
    text = (
        "Within months, the president reached out, eliciting a promise from the supreme leader "
        "that sincerity would matter: “You change, and we will also change our behavior,” "
        "Mr. Khamenei said."
    )
    (s,) = by_content(run(model, text), "You change")
    assert s.direct and s.content.startswith("“You change")


def test_according_to_a_source_of_someone_who_says_is_that_persons(model):
    text = (
        "According to the terms of the partial deal, Trump says China has agreed to purchase "
        "$40 billion worth of American farm products."
    )
    found = run(model, text)
    assert [s.cue for s in found] == ["says"]


def test_a_video_of_a_person_saying_is_that_persons(model):
    text = (
        "People in Hong Kong watch a news broadcast of Carrie Lam announcing the withdrawal "
        "of the extradition bill."
    )
    found = run(model, text)
    assert found and all(s.speaker == "Carrie Lam" for s in found)


def test_a_person_actor_the_parser_missed_is_a_pronouns_antecedent(model):
    text = (
        "A year later, in an interview with Le Monde newspaper, Charbonnier gave little "
        "indication that he planned to change the magazine's ways.\n\n"
        "“It may sound pompous,” he said, “but I'd rather die standing than live on my knees.”"
    )
    k = text.index("Charbonnier")
    editor = Actor(
        "person:s-charbonnier", "Stephane Charbonnier", "person", "FR", None, [(k, k + 11)]
    )
    (s,) = run(model, text, [editor])
    assert s.speaker == "Stephane Charbonnier"


def test_a_line_run_into_a_caption_still_has_its_subject(model):
    text = (
        "Iran condemned the strike.\n\nFootage shows missiles over Damascus on Thursday\n"
        'Mr Qasemi said Israel "cannot stand peace and stability in the region and sees its own '
        'safety in making the region all the more unstable".'
    )
    (s,) = run(model, text)
    assert s.speaker == "Qasemi"


def test_when_asked_the_speaker_is_the_one_asked(model):
    text = (
        "The prime minister has pleaded ignorance about the video.\n\nWhen asked whether the "
        "leaders were mocking the president in the video recorded at the palace, Johnson told "
        "reporters on Monday that “I really have no idea what that is about.”"
    )
    assert [(s.speaker, s.cue) for s in run(model, text)] == [("Johnson", "told")]


def test_update_stamps_and_titles_are_no_statements(model):
    stamp = "[Updated 8:44 p.m. ET] Police appealed for his surrender, according to CNN staff."
    assert trim_span(stamp, 0, len(stamp)) == (len("[Updated 8:44 p.m. ET] "), len(stamp) - 1)
    (s,) = run(model, stamp)
    assert s.content.startswith("Police appealed")
    titled = (
        "Political scientist Erin Kearns and her colleagues raise that possibility in a "
        'preliminary working paper called "Why Do Some Terrorist Attacks Receive More Media '
        'Attention Than Others?"'
    )
    found = "This suggests that the company either confused the dates or never read the emails."
    assert run(model, titled) == [] and run(model, found) == []


def test_a_quotation_closing_its_sentence_ends_the_statement(model):
    text = (
        "Alex explains: “The traffickers are still getting people by that are able to pay the "
        "fees. They just charge more money.” For Bryan, a Honduran who separated from a caravan "
        "in January, the ban “will only create a darker, sadder panorama.”"
    )
    first = by_content(run(model, text), "traffickers")[0]
    assert first.content.endswith("more money.”") and first.speaker == "Alex"


def test_who_after_a_title_of_an_institution_is_the_person_titled(model):
    text = (
        "Critics point to three interviews given the next Sunday by Anna Berg, the Swedish "
        'ambassador to the United Nations, who called the raid a "spontaneous protest" rather '
        "than an act of terror."
    )
    assert [(s.speaker, s.cue) for s in run(model, text)] == [("Anna Berg", "called")]


def test_straight_quote_closed_by_doubled_apostrophes(model):
    text = (
        "Parliament met on Monday.\n\n\"We have lost a patient and generous colleague,'' "
        "Anna Berg said in a statement.\n\nThe session then resumed."
    )
    (s,) = run(model, text)
    assert s.speaker == "Anna Berg" and s.cue == "said"
    assert s.content.startswith('"We have') and s.content.endswith("colleague,''")


def test_abbreviated_title_split_from_the_name_by_its_full_stop(model):
    text = (
        "“We need every ship back at sea before the summer,” said Lt. Cmdr. Anna Berg, "
        "a spokeswoman for the fleet."
    )
    found = run(model, text)
    assert found and found[0].speaker == "Anna Berg"


def test_a_generation_suffix_is_another_person_than_the_actor(model):
    text = "Trump Jr. confirmed that he had handed over the messages to the committee."
    trump = Actor("person:donald-trump", "Donald Trump", "person", "US", None, [(0, 9)])
    (s,) = run(model, text, [trump])
    assert s.speaker_actor_id is None and s.speaker.startswith("Trump Jr")


def test_speech_named_but_not_made_is_no_statement(model):
    for text in (
        "It was hard to make out what the envoy was saying because of the noise in the hall.",
        "The minister blamed the weather rather than explaining why the ferry had sailed.",
        "The council should respond by imposing new limits on fishing in the bay.",
        "It is worth noting that the ministry has changed its figures twice this year.",
    ):
        assert run(model, text) == [], text


def test_a_participle_after_in_names_a_topic_not_a_statement(model):
    text = (
        "In describing the visit, the deputy adviser said that the talks had been "
        "friendly and useful."
    )
    found = run(model, text)
    assert [s.cue for s in found] == ["said"]


def test_a_title_with_a_name_in_its_phrase_is_that_person(model):
    text = (
        "On Monday, the head of the Health Commission, Pavel Sorin, laid out a grim assessment "
        "to provincial officials. According to a memo of the session, he said the situation was "
        "severe.\n\nSpecial Agent in Charge Anna Berg told reporters that the search would go on."
    )
    sorin = text.index("Pavel")
    berg = text.index("Anna")
    actors = [
        Actor("person:pavel-sorin", "Pavel Sorin", "person", None, None, [(sorin, sorin + 11)]),
        Actor("person:anna-berg", "Anna Berg", "person", None, None, [(berg, berg + 9)]),
    ]
    found = run(model, text, actors)
    assert by_content(found, "situation was severe")[0].speaker == "Pavel Sorin"
    assert by_content(found, "search would go on")[0].speaker == "Anna Berg"


def test_a_call_that_rings_someone_up_is_no_statement(model):
    text = "The king called him after the attack to offer his condolences to the families."
    assert [s for s in run(model, text) if s.cue == "called"] == []
    named = run(model, "The senator called him a danger to the country on Tuesday.")
    assert [s.cue for s in named] == ["called"]


def test_an_adjective_coordinated_with_the_speaker_noun_keeps_the_noun(model):
    text = "Current and former staffers told me that the office had held no meeting for weeks."
    (s,) = run(model, text)
    assert s.speaker == "Current and former staffers"


def test_according_to_content_stays_in_its_paragraph(model):
    text = (
        'The minister called the reports "fake news."\n'
        "The paper reported on Friday that the minister had planned to resign, "
        "according to two people familiar with the talks."
    )
    found = [s for s in run(model, text) if s.cue == "according to"]
    assert found and all("\n" not in s.content for s in found)


def test_a_subject_of_the_reported_clause_is_not_an_inverted_speaker(model):
    text = (
        "Anna Berg (D-Md.), responding to a question at a morning press conference, said the "
        "floods are a warning about the state of the dams."
    )
    assert all(s.speaker != "the floods" for s in run(model, text))


def test_an_absolute_with_names_its_noun_as_the_speaker(model):
    text = (
        "The scandal has hurt her in the polls, with a majority of voters saying they do not "
        "trust her."
    )
    (s,) = run(model, text)
    assert s.speaker == "a majority of voters"


def test_a_quotation_right_after_reported_content_belongs_to_it(model):
    text = (
        "Pavel Sorin said on Tuesday that the president is still “weighing every option” "
        "whether to declare an emergency."
    )
    (s,) = run(model, text)
    assert "“weighing every option”" in s.content


def test_pictures_make_no_statement(model):
    assert run(model, "Pictures suggest that much of the old city is in ruins.") == []


def test_a_cue_that_never_spoke_attributes_no_quotation(model):
    for text in (
        "As the council meets, it must insist that members resist “the urge to split the region "
        "into hostile camps,” as one historian put it.",
        "It is hard to be the person to say to all your friends, “actually, I would rather meet "
        "somewhere else.”",
    ):
        assert all(s.cue not in ("insist", "say") for s in run(model, text)), text


def named(text, names):
    """Actors for `names` (name -> (actor id, type, mention words)), every mention found."""
    out = []
    for name, (actor_id, kind, words) in names.items():
        spans = []
        for word in words:
            k = text.find(word)
            while k >= 0:
                spans.append((k, k + len(word)))
                k = text.find(word, k + len(word))
        out.append(Actor(actor_id, name, kind, None, None, sorted(spans)))
    return out


@pytest.mark.parametrize(
    "text",
    [
        "“We will double the fund,” Anna Berg tweeted, without saying where the money would "
        "come from.",
        "The lobby matters little, and it does not do so by alienating voters or insisting "
        "that every critic of the government is an enemy.",
        "He did not say “the navy will take part,” though he praised the crews.",
        "They “volunteer to protect our country when there is nothing left to protect” "
        "(emphasis added).",
        "Would you say, “This has gone on too long, it is time to call it quits”?",
        "So far, the government has only admitted 14 refugees into the country this year.",
        "The agencies hold a trove of unknown flaws, called “zero days,” that they use "
        "to obtain data.",
    ],
)
def test_speech_left_out_denied_or_no_ones_is_no_statement(model, text):
    """'without saying', a means denied, a denied cue's quotation, a note of the writer's, the
    reader's words, letting people in and naming a thing attribute nothing."""
    found = run(model, text)
    assert all(
        s.cue not in ("saying", "insisting", "say", "added", "admitted", "called") for s in found
    )


def test_a_claim_of_an_attack_reports_the_claim_not_the_relative_clause(model):
    text = "The group claimed responsibility on Wednesday for the attack that killed 12 people."
    (s,) = run(model, text)
    assert s.content.startswith("responsibility")


def test_a_title_noun_before_an_organisation_names_a_person_not_the_organisation(model):
    text = (
        "Bureau Director Tom Berg met the committee in May. The former bureau director says "
        "he kept notes of every meeting."
    )
    actors = named(
        text,
        {
            "Tom Berg": ("person:tom-berg", "person", ["Tom Berg"]),
            "Bureau": ("org:bureau", "organization", ["Bureau", "bureau"]),
        },
    )
    (s,) = by_content(run(model, text, actors), "kept notes")
    assert s.speaker_actor_id != "org:bureau"


def test_the_president_is_the_subject_titled_so_not_the_latest_president(model):
    text = (
        "President Tom Berg flew to Hanoi on Monday. Berg announced the end of the embargo "
        "alongside Vietnamese President Pavel Sorin. The president said the move would bring "
        "the two countries closer."
    )
    actors = named(
        text,
        {
            "Tom Berg": ("person:tom-berg", "person", ["Tom Berg", "Berg"]),
            "Pavel Sorin": ("person:pavel-sorin", "person", ["Pavel Sorin"]),
        },
    )
    (s,) = by_content(run(model, text, actors), "bring the two countries")
    assert s.speaker == "Tom Berg"


def test_members_of_a_persons_cabinet_are_not_that_person(model):
    text = "Members of Berg’s own cabinet called the deal a grave mistake."
    actors = named(text, {"Tom Berg": ("person:tom-berg", "person", ["Berg"])})
    (s,) = run(model, text, actors)
    assert s.speaker_actor_id is None and "Members" in s.speaker


def test_the_statement_speaks_for_whoever_issued_it(model):
    text = (
        "The Foreign Ministry also published a statement denouncing the attack on the church. "
        "\n\n“We convey our condolences to the families of the victims,” the statement said."
    )
    actors = named(
        text, {"Foreign Ministry": ("org:foreign-ministry", "organization", ["Foreign Ministry"])}
    )
    (s,) = by_content(run(model, text, actors), "condolences")
    assert s.speaker_actor_id == "org:foreign-ministry"


def test_a_person_named_in_what_was_said_is_not_the_next_he(model):
    text = (
        "Tom Berg said there was a strong team spirit in the cabinet. He added that they were "
        "carrying out the plans Mr Peterson had asked them to deliver as soon as possible.\n\n"
        "“That is the way we will get through this,” he said."
    )
    (s,) = by_content(run(model, text), "get through this")
    assert s.speaker == "Tom Berg"


def test_a_she_that_is_a_subject_carries_on_to_the_next_she(model):
    """The subject of the sentence before is a 'she' whose antecedent is the 'she' of the quote;
    the prime minister is only the subject of what she called for."""
    text = (
        "Berg's widow, Marina, said outside the court that she was very pleased with the ruling."
        "\n\nShe called for British Prime Minister David Sorin to take urgent steps against the "
        "agents operating in Britain.\n\n“I am calling for the expulsion of all of them,” she said."
    )
    (s,) = by_content(run(model, text), "expulsion")
    assert s.speaker == "Marina"


def test_a_second_attribution_joined_by_and_ends_the_first(model):
    text = (
        "Tom Berg said in March that the party was “mired in stupidity” and on Sunday Anna "
        "Sorin said the party should be “closed for repairs.”"
    )
    found = run(model, text)
    assert [s.speaker for s in found] == ["Tom Berg", "Anna Sorin"]
    assert "Sorin" not in found[0].content


def test_a_publication_label_before_a_quotation_names_its_speaker(model):
    text = (
        "HEALTH PREMIUMS TO RISE\n\nThe Hill: “A leading analysis group said Thursday that "
        "premiums in some states might see double digit increases this year.”"
    )
    (s,) = run(model, text)
    assert s.speaker == "The Hill"


def test_the_family_of_a_person_is_not_that_person(model):
    text = (
        "Anna Berg, 8, died in the bombing.\n\n“Tonight, our family applauds the entire police "
        "force for a job well done,” said the family of 8-year-old Anna Berg."
    )
    (s,) = by_content(run(model, text), "applauds")
    assert s.speaker != "Anna Berg" and "family" in s.speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Several of the ministers said they would skip the ceremony.", "the ministers"),
        ("Farmers, most of whom say they are losing money, marched on the capital.", "Farmers"),
        ("One of the lawmakers wrote that the bill was flawed.", "One of the lawmakers"),
    ],
)
def test_a_quantifier_speaks_for_the_group_it_picks_from(model, text, speaker):
    (s,) = run(model, text)
    assert s.speaker == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("“We are ready,” according to the statement read by Omar Haddad.", "Omar Haddad"),
        ("A letter from Senator Anna Berg said the base would close.", "Anna Berg"),
        ("A memo obtained by the Daily Planet said the base would close.", "A memo"),
        ("A spokesman for the ministry said the base would close.", "A spokesman"),
    ],
)
def test_a_document_speaks_for_whoever_issued_it(model, text, speaker):
    (s,) = run(model, text)
    assert s.speaker == speaker


def test_being_called_a_name_is_no_statement(model):
    text = "The city water system has been called “a leaky sieve” — but is it one?"
    assert not by_content(run(model, text), "leaky sieve")


def test_content_ends_before_what_its_speaker_said_meanwhile(model):
    text = "The minister said the talks would resume, as he defended his record on Monday."
    (s,) = by_content(run(model, text), "talks")
    assert s.content == "the talks would resume"
    (s,) = run(model, "The sheriff said the man was shot as he fled.")
    assert s.content == "the man was shot as he fled"
