"""Actors of an article, on the real spaCy model and the real lexicons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import actors, context, lexicon, names, nlp, places
from pipeline.actors.mentions import credit_spans

ROOT = Path(__file__).resolve().parent.parent
GOLD = next(
    (
        p
        for p in (
            ROOT.parent / "shared" / "eval" / "seed_gold.json",
            Path("/work/shared/eval/seed_gold.json"),
        )
        if p.exists()
    ),
    None,
)


def find(text: str):
    doc = nlp.load()(text)
    ctx = context.build(doc)
    found = actors.find_actors(ctx, places.find_places(ctx))
    return doc, found


def by_name(found, last: str):
    return [a for a in found if a.name.split()[-1] == last]


def test_title_gives_country_and_role_and_variants_merge():
    text = (
        "U.S. Secretary of State Antony Blinken met Russian Foreign Minister Sergei Lavrov in Geneva. "
        'Blinken said talks were useful. "I look forward to working with Sergei," Blinken told reporters. '
        "Lavrov did not comment."
    )
    doc, found = find(text)
    (blinken,) = by_name(found, "Blinken")
    (lavrov,) = by_name(found, "Lavrov")
    assert (blinken.actor_id, blinken.type, blinken.country, blinken.role) == (
        "person:antony-blinken",
        "person",
        "US",
        "Secretary of State",
    )
    assert lavrov.country == "RU" and lavrov.actor_id == "person:sergei-lavrov"
    assert len(blinken.mentions) == 3
    assert "Sergei" in [doc.text[s:e] for s, e in lavrov.mentions]
    assert not [a for a in found if a.type == "person" and a.name == "Sergei"]


def test_demonym_title_and_agency_countries():
    text = (
        "Belarusian leader Alexander Lukashenko met Ukrainian Foreign Minister Dmytro Kuleba. "
        "Later, U.S. Central Intelligence Agency director William Burns flew home."
    )
    _, found = find(text)
    assert by_name(found, "Lukashenko")[0].country == "BY"
    assert by_name(found, "Kuleba")[0].country == "UA"
    assert by_name(found, "Burns")[0].country == "US"
    assert any(a.actor_id == "org:cia" and a.country == "US" for a in found)


def test_metonyms_and_countries_are_states_not_persons():
    text = (
        "The Kremlin denied the report. Kyiv says Moscow has moved troops, and Washington warned Minsk. "
        "Russia has amassed tanks near the border."
    )
    doc, found = find(text)
    states = {
        a.actor_id: {doc.text[s:e] for s, e in a.mentions} for a in found if a.type == "state"
    }
    assert {"Kremlin", "Moscow", "Russia"} <= states["state:RU"]
    assert (
        "Kyiv" in states["state:UA"]
        and "Washington" in states["state:US"]
        and "Minsk" in states["state:BY"]
    )
    assert not [a for a in found if a.type == "person"]


def test_literal_capital_is_no_actor():
    _, found = find("The envoy paid a rare visit to Moscow last week.")
    assert not any(a.actor_id == "state:RU" for a in found)


def test_anonymous_sources_merge_and_keep_country():
    text = (
        "A senior U.S. official said the talks were serious. The official said no date was set. "
        "Three sources told reporters the meeting was tense."
    )
    _, found = find(text)
    anon = {a.actor_id: a for a in found if a.type == "anonymous"}
    official = anon["anon:us:senior-official"]
    assert official.country == "US" and len(official.mentions) == 2
    assert "anon:xx:source" in anon


def test_acronyms_pair_with_full_names():
    text = (
        "Ministers met at the Organization for Security and Co-operation in Europe (OSCE) in Vienna. "
        "The Organization for Security and Cooperation in Europe said the OSCE would monitor the vote. "
        "The Baltic Grain Exporters Association (BGEA) objected, and BGEA members left. NATO stayed silent."
    )
    _, found = find(text)
    (osce,) = [a for a in found if a.actor_id == "org:osce"]
    assert osce.type == "organization" and osce.name == "OSCE" and len(osce.mentions) == 4
    (bgea,) = [a for a in found if a.actor_id == "org:bgea"]
    assert len(bgea.mentions) == 3
    assert any(a.actor_id == "org:nato" and a.type == "organization" for a in found)


def test_a_laws_acronym_is_no_organisation():
    text = (
        "Foreign firms can be penalised under the Iran Sanctions Act (ISA). The Obama "
        "administration stepped up enforcement of the ISA. The North Atlantic Treaty "
        "Organization (NATO) said the ISA was a matter for Washington."
    )
    _, found = find(text)
    ids = {a.actor_id for a in found}
    assert "org:isa" not in ids and "org:nato" in ids


def test_photo_credit_and_media():
    text = (
        "Leaders met in Paris.JOHN SMITHSON/AFP/Getty Images\n\n"
        "The talks ended early, the Interfax news agency reported, citing Reuters."
    )
    _, found = find(text)
    assert not [a for a in found if a.type == "person"]
    ids = {a.actor_id for a in found}
    assert {"media:interfax", "media:reuters"} <= ids and "media:afp" not in ids


def test_page_furniture_bylines_and_common_words_are_no_actors():
    text = (
        "Doug Stanglin\n\nUSA TODAY\n\n"
        "Raul Castro Tuesday met envoys in Havana, officials said.\n\n"
        "JUST WATCHED Kerry warns Assad Replay More Videos ... MUST WATCH Kerry warns Assad 01:02\n\n"
        "The Order was read aloud. Staff waited. The Order said the order stood. Staff left.\n\n"
        "Get the Monitor Stories you care about delivered to your inbox. By signing up, you agree to our "
        "Privacy Policy\n\nPolice in Boston said the suspect fled."
    )
    _, found = find(text)
    names = {a.name for a in found}
    assert "Raul Castro" in names
    assert not names & {
        "Doug Stanglin",
        "Replay More Videos",
        "Order",
        "Staff",
        "Raul Castro Tuesday",
    }
    assert not [a for a in found if "\n" in a.name or "Privacy" in a.name]


def test_capitalised_runs_are_scanned_in_linear_time():
    import time

    shouted = "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG " * 2000
    t0 = time.perf_counter()
    credit_spans(shouted, [])
    assert time.perf_counter() - t0 < 0.5


def test_president_without_country_uses_lexicon_and_groups():
    text = (
        "President Vladimir Putin said pro-Russian separatists would hold their positions. "
        "Putin spoke after U.S. President Joe Biden called."
    )
    _, found = find(text)
    (putin,) = by_name(found, "Putin")
    assert putin.country == "RU" and len(putin.mentions) == 2
    assert by_name(found, "Biden")[0].country == "US"
    assert any(a.type == "group" and a.country is None for a in found)


def test_two_bushes_stay_two_in_one_article():
    text = (
        "George H. W. Bush signed the treaty in 1991. His son George W. Bush later withdrew from it. "
        "Bush said the decision was final."
    )
    _, found = find(text)
    names = sorted(a.name for a in found if a.type == "person")
    assert names == ["George H. W. Bush", "George W. Bush"]


def test_a_name_cut_short_joins_its_full_form():
    text = "Oil Minister Bijan Namdar Zanganeh spoke on Monday. Later, Bijan Namdar told reporters prices would rise."
    _, found = find(text)
    assert [a.name for a in found if a.type == "person"] == ["Bijan Namdar Zanganeh"]


def test_examples_backers_and_us_states_are_no_state_actors():
    text = (
        "Aid reaches hot places like Vietnam too slowly. Iran-backed rebels attacked the airport. "
        "Sen. Saxby Chambliss, R-Georgia, told reporters the talks failed. "
        "Officials met near Karak, Jordan, on Wednesday."
    )
    _, found = find(text)
    states = {a.actor_id for a in found if a.type == "state"}
    assert not states & {"state:VN", "state:GE", "state:JO"}
    assert all(a.country != "IR" for a in found if a.type == "group")


def test_us_party_and_state_after_a_name_give_the_country():
    _, found = find(
        "Rep. Lou Correa (D-Calif.) spoke. Hal Rogers, R-Ky., agreed. Ali Rashid, D-Day veteran, left."
    )
    countries = {a.name: a.country for a in found if a.type == "person"}
    assert (
        countries["Lou Correa"] == countries["Hal Rogers"] == "US"
        and countries["Ali Rashid"] is None
    )


def test_a_title_only_one_country_uses_gives_its_country_unless_qualified():
    _, found = find(
        "Sen. Alan Brightwater spoke on Monday. Defense Secretary Carla Mendhurst visited the base. "
        "Upper House Speaker Olga Petrovna met them. Indian Foreign Secretary Ravi Kumarappa and "
        "Foreign Secretary Thomas Hastingley also attended."
    )
    countries = {a.name: a.country for a in found if a.type == "person"}
    assert countries["Alan Brightwater"] == countries["Carla Mendhurst"] == "US"
    assert countries["Olga Petrovna"] is None
    assert countries["Ravi Kumarappa"] == "IN" and countries["Thomas Hastingley"] == "GB"


def test_listed_people_and_institutions_have_their_countries():
    _, found = find(
        "Leon Panetta said the plan was sound, and a scholar at the Cato Institute agreed. "
        "The Senate Intelligence Committee will hold a hearing."
    )
    countries = {a.name: a.country for a in found}
    assert countries["Leon Panetta"] == "US"
    assert countries["Cato Institute"] == countries["Senate Intelligence Committee"] == "US"


def test_an_institution_named_after_a_place_of_the_storys_country_is_of_that_country():
    _, found = find(
        "In College Park, Maryland, a professor at the University of Maryland was hurt, and "
        "students at Arizona State University protested."
    )
    countries = {a.name: a.country for a in found if a.type == "organization"}
    assert countries["University of Maryland"] == countries["Arizona State University"] == "US"
    _, found = find("Protesters at Concordia University in Montreal, Quebec, clashed with police.")
    assert [a.country for a in found if a.name == "Concordia University"] == [None]


def test_an_owners_possessive_gives_an_unlisted_organisation_its_country():
    _, found = find(
        "Cuba's National Assembly met. Earlier, North Korea's Ministry of Foreign Affairs said it "
        "would respond."
    )
    countries = {a.name: a.country for a in found}
    assert countries["National Assembly"] == "CU"
    assert countries["Ministry of Foreign Affairs"] == "KP"


def test_another_countrys_ministry_is_not_the_lexicon_one():
    _, found = find("She was arrested in Vancouver, according to Canada's Department of Justice.")
    (doj,) = [a for a in found if a.type == "organization"]
    assert doj.country == "CA" and doj.actor_id != "org:us-justice-department"


def test_headline_case_phrases_and_adjectives_are_no_actors():
    text = (
        "The draft Global Humanitarian Response Plan was reviewed. Its global humanitarian response "
        "budget is large. Migrants arrived without official documents."
    )
    _, found = find(text)
    assert not [a for a in found if a.type in ("person", "anonymous")]


def test_title_of_another_body_is_not_a_mention():
    text = (
        "U.N. Secretary-General Ban Ki-moon spoke on Monday. Kerry later met the secretary-general "
        "of the Arab League."
    )
    _, found = find(text)
    (ban,) = by_name(found, "Ban Ki-moon") or [a for a in found if "Ban" in a.name]
    assert all("Arab" not in text[e : e + 20] for _, e in ban.mentions)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00\x01\x02 ÿþ", '«»“” " " "', "Ceci n'est pas un article.", "Putin " * 3000],
)
def test_bad_input_does_not_crash(text):
    _, found = find(text)
    assert isinstance(found, list)


def test_every_mention_is_inside_the_text_and_ids_are_unique(seed_article):
    doc, found = find(seed_article["text"])
    assert len({a.actor_id for a in found}) == len(found)
    for a in found:
        assert a.mentions and all(0 <= s < e <= len(doc.text) for s, e in a.mentions)


@pytest.mark.skipif(GOLD is None, reason="shared eval data absent")
def test_seed_gold_actor_checks(seed_article):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    _, found = find(seed_article["text"])
    for g in gold["actors"]:
        assert any(
            g["name"].split()[-1] in a.name
            and a.type == g["type"]
            and a.country == g.get("country", a.country)
            for a in found
        ), g
    for name in gold["not_persons"]:
        assert not [a for a in found if a.type == "person" and a.name == name]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Morsi", "Morsy", True),
        ("Mohamed", "Muhammad", True),
        ("Sergei", "Sergey", True),
        ("Zelenskiy", "Zelenskyy", True),
        ("al-Assad", "Assad", True),
        ("Mario", "Maria", False),
        ("Hill", "Hall", False),
        ("Morse", "Morsi", False),
    ],
)
def test_spellings_of_one_name_share_a_surname_key(a, b, same):
    assert (names.surname_key(a) == names.surname_key(b)) is same


def test_given_names_initials_and_group_names_compare_by_spelling():
    nick = lexicon.load().nicknames
    assert names.given_compatible("Mohamed", "Mohammed", nick)
    assert not names.given_compatible("Mario", "Maria", nick)
    assert names.usual_name(["J.", "Christopher", "Stevens"]) == ["Christopher", "Stevens"]
    assert names.usual_name(["H.", "R.", "McMaster"]) == ["H.", "R.", "McMaster"]
    assert names.name_key("al-Qaeda") == names.name_key("Al Qa'ida") == names.name_key("al Qaida")
    assert names.name_key("al-Qaeda") != names.name_key("al-Qaeda in the Arabian Peninsula")


def test_one_person_under_two_spellings_and_a_leading_initial():
    text = (
        "Egyptian President Mohamed Morsy met his aides. Mohammed Morsi later said the talks had "
        "failed. J. Christopher Stevens, the U.S. ambassador to Libya, was killed. Christopher "
        "Stevens had served in Tripoli before."
    )
    _, found = find(text)
    (morsi,) = by_name(found, "Morsy")
    assert morsi.country == "EG" and len(morsi.mentions) == 2
    (stevens,) = by_name(found, "Stevens")
    assert (stevens.name, stevens.country) == ("Christopher Stevens", "US")


def test_al_qaeda_is_not_its_regional_branch():
    text = (
        "Al-Qaida claimed the attack. Al-Qaeda in the Arabian Peninsula (AQAP) is based in Yemen. "
        "Officials said al Qaeda was weakened."
    )
    doc, found = find(text)
    groups = {a.actor_id: {doc.text[s:e] for s, e in a.mentions} for a in found}
    assert groups["org:al-qaeda"] == {"Al-Qaida", "al Qaeda"}
    assert "AQAP" in groups["org:aqap"] and "AQAP" not in groups["org:al-qaeda"]
    assert next(a.name for a in found if a.actor_id == "org:al-qaeda") == "al-Qaeda"


def test_country_comes_from_affiliation_not_from_a_place_nearby():
    _, found = find(
        "In Poland Romney will meet with the country's president. Romney said Poland was a friend."
    )
    assert by_name(found, "Romney")[0].country is None
    _, found = find(
        "President Obama and first lady Michelle Obama attended the service. Iran said it would "
        "talk. Obama spoke first. Michelle Obama smiled, and President Obama waved."
    )
    (michelle,) = [a for a in found if a.name == "Michelle Obama"]
    (barack,) = [a for a in found if a.actor_id == "person:barack-obama"]
    assert michelle.country != "IR"
    assert len(barack.mentions) == 3  # a bare "Obama" is the listed Obama, not the nearest one
    _, found = find(
        "President Donald Trump and first lady Melania Trump arrived in London. Trump will stay "
        "two nights. Mrs. Trump visited a school."
    )
    assert len(by_name(found, "Trump")[0].mentions) == 2
    assert len(next(a for a in found if a.name == "Melania Trump").mentions) == 2


def test_things_and_page_words_are_no_persons():
    text = (
        "North Korea has a missile, the Taepodong, with a long range. The Taepodong has been tested "
        "once. Story highlights Official says the blast was caused by a car bomb. Follow Klug at "
        "twitter.com/APKlug. President Obama Friday defended the program. The president was joined "
        "by Bill and Hillary Clinton. In Microsoft’s Xbox Live service, subscribers play games "
        "together."
    )
    _, found = find(text)
    persons = {a.name for a in found if a.type == "person"}
    assert not {"Taepodong", "Story highlights Official", "Follow Klug", "Obama Friday"} & persons
    assert "Xbox Live" not in persons
    assert {"Barack Obama", "Bill Clinton", "Hillary Clinton"} <= persons


def test_titles_of_the_next_person_and_longer_place_names_give_no_country():
    _, found = find(
        "From left, Arafat, King Hussein, US President Bill Clinton and Netanyahu. Later, "
        "Senate Democrats, including New Mexico's Martin Heinrich, objected."
    )
    assert by_name(found, "Hussein")[0].country is None
    assert by_name(found, "Clinton")[0].country == "US"
    assert by_name(found, "Heinrich")[0].country != "MX"
    _, found = find(
        "Hours before the sit-down with the North Korean leader, Trump held meetings. The "
        "Australian prime minister, Malcolm Turnbull, said the deal would stand."
    )
    assert by_name(found, "Trump")[0].country == "US"
    assert by_name(found, "Turnbull")[0].country == "AU"
    assert names.surname_key("Hussein") != names.surname_key("Hassan")


def test_a_given_name_before_an_outlets_name_is_a_person_and_the_outlet_stays_media():
    _, found = find(
        "Der Spiegel, a German newsmagazine, published the catalog. A day later New York City "
        "Mayor Michael Bloomberg revealed the plot."
    )
    kinds = {a.name: a.type for a in found}
    assert kinds.get("Der Spiegel") == "media"
    assert kinds.get("Michael Bloomberg") == "person"


def test_a_stance_is_no_group_and_the_opposition_is_one():
    _, found = find(
        "Trump defied overwhelming global opposition. He voiced his opposition, citing Russia's "
        "opposition to the plan and opposition research. The opposition says the decrees are "
        "illegal, and members of the Syrian opposition agreed, as did opposition groups."
    )
    groups = {a.actor_id: a for a in found if "opposition" in a.actor_id}
    assert set(groups) == {"group:xx:opposition", "group:sy:opposition"}
    assert len(groups["group:xx:opposition"].mentions) == 2


def test_a_capital_a_journey_starts_from_is_no_state():
    doc, found = find(
        "Two soldiers stopped an attack on a train traveling from Amsterdam to Paris. "
        "A message from Moscow said the talks were over."
    )
    states = {doc.text[s:e] for a in found if a.type == "state" for s, e in a.mentions}
    assert states == {"Moscow"}


def test_hyphenated_given_names_org_words_and_field_labels_name_no_one_else():
    _, found = find(
        "South Korean President Park Geun-hye said it was an act of provocation. Defense "
        "Minister Song Young-moo agreed. They spoke at the Urban Justice Center; the Urban "
        "Justice Center hosted them.\n\nTARGET: One police officer killed\n\nTARGET: Two "
        "soldiers wounded"
    )
    persons = {a.name for a in found if a.type == "person"}
    assert {"Park Geun-hye", "Song Young-moo"} <= persons
    assert not {"Park Geun", "Song Young", "Center"} & persons
    assert not [a for a in found if a.name == "TARGET"]


def test_a_state_after_of_gives_a_country_and_a_title_after_for_is_the_next_persons():
    _, found = find(
        "Sen. Dianne Feinstein of California said the guidance was wrong. A spokesman for "
        "British Prime Minister David Cameron said the West agreed. The bill will head to Mayor "
        "Vincent Gray's desk."
    )
    assert by_name(found, "Feinstein")[0].country == "US"
    assert by_name(found, "Cameron")[0].role == "Prime Minister"
    assert by_name(found, "Gray")[0].role == "Mayor"


def test_senators_of_a_us_state_are_american():
    _, found = find(
        "The letter was written by Republican Senators David Perdue and Johnny Isakson of "
        "Georgia, who met voters in Atlanta."
    )
    assert {by_name(found, n)[0].country for n in ("Perdue", "Isakson")} == {"US"}
    _, found = find("The American commander in Afghanistan Gen. John Allen was asked.")
    assert by_name(found, "Allen")[0].country != "AF"


def test_a_town_a_tooltip_and_a_war_name_no_person_and_no_country():
    _, found = find(
        "A U.S. base in the Syrian border village of Tel Arqam was empty. Speaker Paul Ryan Paul "
        "Davis Ryan Retirees should say no. The Joint Chiefs did not stand up to President "
        "Lyndon B. Johnson during the Vietnam War."
    )
    persons = {a.name: a for a in found if a.type == "person"}
    assert "Tel Arqam" not in persons and "Paul Ryan" in persons
    assert persons["Lyndon B. Johnson"].country != "VN"
    _, found = find(
        "President Clinton told Iran's president that Iran had a role in the bombing. Tehran "
        "denied it, and Clinton planned a strike on Iran."
    )
    assert by_name(found, "Clinton")[0].country != "IR"


def test_a_governor_of_a_state_is_american_and_a_territory_or_tooltip_is_no_one():
    _, found = find(
        "Mr. Paul sided against New Jersey Gov. Chris Christie, a fellow Republican. Senate "
        "Intelligence Committee Chairman Richard Burr Richard Mauze Burr said no. Troops clashed "
        "in the disputed territory of Ladakh."
    )
    persons = {a.name: a for a in found if a.type == "person"}
    assert persons["Chris Christie"].country == "US"
    assert "Richard Burr" in persons and not {"Richard Mauze", "Ladakh"} & set(persons)


def test_us_party_and_state_give_country():
    text = (
        '"It is bad," said Sen. Ted Cruz, R-Texas, on Sunday. Rep. Jim Jordan (R-Ohio) agreed. '
        "Republican presidential candidate Mitt Romney spoke in Ohio. "
        "Democratic Unionist leader Arlene Foster did not."
    )
    _, found = find(text)
    country = {a.name: a.country for a in found if a.type == "person"}
    assert country["Ted Cruz"] == country["Jim Jordan"] == country["Mitt Romney"] == "US"
    assert country["Arlene Foster"] != "US"


def test_popup_and_glued_words_are_no_part_of_a_name():
    text = (
        "Kushner advised President Trump Donald John TrumpFederal judge halts a law on Monday. "
        "Vice Premier Liu He AFP said the talks went well.\n\nMPs Begin Debate on the Law\n\n"
        "Conservative MPs woke on Wednesday."
    )
    _, found = find(text)
    persons = {a.name for a in found if a.type == "person"}
    assert "Trump Donald" not in persons and "Liu He" in persons
    assert not any("AFP" in n or "MPs" in n for n in persons)


def test_thing_after_a_name_and_org_named_for_a_place():
    text = (
        "Officials said the Trojan Horse plot was a hoax. "
        "The Minnesota Department of Human Services runs the program, said Mr. Gurvits, who heads "
        "Boston Law Group. Echoing arguments administration officials have made, the memo cites it."
    )
    _, found = find(text)
    assert not [a for a in found if a.type == "person" and "Horse" in a.name]
    orgs = {a.name: a.country for a in found if a.type == "organization"}
    assert orgs["Minnesota Department of Human Services"] == orgs["Boston Law Group"] == "US"
    assert not [a for a in found if a.name.startswith("Echoing")]


def test_org_named_for_a_capital_with_a_namesake_in_the_storys_country():
    text = (
        "The senator spoke in Washington and Ohio. Jeremy Mayer of Georgetown University said the "
        "bill would pass in Texas. In Moscow, the Moscow State University rector said nothing."
    )
    _, found = find(text)
    orgs = {a.name: a.country for a in found if a.type == "organization"}
    assert orgs["Georgetown University"] == "US" and orgs["Moscow State University"] == "RU"


def test_a_ship_is_no_person():
    _, found = find("Sailors aboard USS Arlington said on Monday that Joe Biden left.")
    names = {a.name for a in found}
    assert "USS Arlington" not in names and "Joe Biden" in names


def test_a_name_an_apposition_calls_an_outlet_or_a_firm_is_no_person():
    for text in (
        "Booz Allen Hamilton, the contractor, said it fired Snowden.",
        "Novaya Gazeta, an independent newspaper, reported the killings in Chechnya.",
        "The main government-owned newspaper, Al Ahram, turned on the president.",
    ):
        _, found = find(text)
        assert not [a for a in found if a.type == "person"]
    _, found = find(
        "Gen Kim Rak-gyom, the commander of the strategic forces, said the plan was set."
    )
    assert [a.name for a in found if a.type == "person"] == ["Kim Rak-gyom"]


def test_a_possessive_state_before_an_apposition_or_after_its_title_gives_the_country():
    text = (
        "Egypt's leader, Mohamed Morsi, said the talks would continue. Kim Rak-gyom, the commander "
        "of North Korea's strategic forces, said the plan was ready."
    )
    _, found = find(text)
    (morsi,) = by_name(found, "Morsi")
    (kim,) = [a for a in found if a.name.startswith("Kim ")]
    assert (morsi.country, kim.country) == ("EG", "KP")


def test_a_company_headline_words_and_glued_names_are_no_persons():
    text = (
        "The contract went to General Dynamics, which builds submarines. Longtime Clinton ally "
        "Paul Begala spoke. Obama Says He Will Veto the Bill. Trump Gowdy Clash Over Memo. "
        "Donald Trump and Rep. Trey Gowdy disagreed."
    )
    _, found = find(text)
    names = {a.name for a in found if a.type == "person"}
    assert not names & {"Dynamics", "Longtime Clinton", "Obama Says", "Trump Gowdy"}
    assert {"Paul Begala", "Donald Trump", "Trey Gowdy"} <= names


def test_an_organisations_name_runs_on_past_of_on_and_for():
    text = (
        "Adriana Beltran, a director at the Washington Office on Latin America, spoke. The House "
        "Select Committee on Benghazi met on Thursday. The U.S. Department of Homeland Security "
        "said on Monday it would act."
    )
    _, found = find(text)
    orgs = {a.name: a.country for a in found if a.type == "organization"}
    assert orgs["Washington Office on Latin America"] == "US"
    assert orgs["House Select Committee on Benghazi"] != "LY"
    assert "U.S. Department" not in orgs


def test_a_source_noun_before_a_titled_name_is_that_person():
    _, found = find("IDF spokesman Lt. Col. Peter Lerner said the figure was preliminary.")
    (lerner,) = by_name(found, "Lerner")
    assert lerner.country == "IL"
    assert not [a for a in found if a.type == "anonymous"]


def test_a_body_of_a_listed_organisation_takes_its_country():
    _, found = find("The Senate Foreign Relations Committee voted on the treaty on Tuesday.")
    (committee,) = [a for a in found if a.name == "Senate Foreign Relations Committee"]
    assert committee.country == "US"


def test_a_generic_institution_takes_the_country_its_article_gives_it():
    _, found = find(
        "Blue and White planned to file a Supreme Court challenge in Jerusalem. Israel's Supreme "
        "Court ruled on Sunday in Tel Aviv and Haifa. Russia's Foreign Ministry said the talks "
        "failed, and the Foreign Ministry added that the European Central Bank was wrong."
    )
    orgs = {a.actor_id: a for a in found if a.type == "organization"}
    assert orgs["org:il:supreme-court"].country == "IL"
    assert len(orgs["org:il:supreme-court"].mentions) == 2
    assert len(orgs["org:russian-foreign-ministry"].mentions) == 2
    assert "org:european-central-bank" in orgs
    assert not {"org:supreme-court", "org:foreign-ministry"} & orgs.keys()


def test_a_generic_institution_of_no_known_country_is_no_actor():
    _, found = find("The Supreme Court ruled on Tuesday in Paris and in Moscow.")
    assert not [a for a in found if "supreme-court" in a.actor_id]


def test_a_person_takes_the_country_of_the_outlet_or_body_they_work_for():
    _, found = find(
        "Der Spiegel journalist Christoph Reuter wrote from Aleppo. Martin Laine, an Estonian "
        "journalist, said the site was hacked. Kori Schake, a Hoover Institution research fellow, "
        "agreed."
    )
    countries = {a.name: a.country for a in found if a.type == "person"}
    assert countries == {"Christoph Reuter": "DE", "Martin Laine": "EE", "Kori Schake": "US"}


def test_an_unnamed_source_takes_an_institutions_country_not_a_foreigners_place():
    _, found = find(
        "But three senior officials within the White House say she had nothing to do with the "
        "leaks. A veteran Western official in Kabul said the talks stalled."
    )
    anon = {a.name: a.country for a in found if a.type == "anonymous"}
    assert anon == {"three senior officials": "US", "A veteran Western official": None}


def test_a_role_is_no_unnamed_source_and_opposition_leaders_no_group():
    _, found = find(
        "He did not take part as a State Department diplomat. Maddow said it was as if they were "
        "a spokesman. The police arrested opposition leaders in Havana."
    )
    assert not [a for a in found if a.type in ("anonymous", "group")]


def test_a_listed_outlet_after_an_owners_possessive_keeps_its_name():
    _, found = find(
        "Hu Xijin, the editor-in-chief of the Communist Party’s Global Times newspaper, echoed that "
        "sentiment. The order is with the Justice Department's Office of Legal Counsel for review."
    )
    named = {a.name: a.country for a in found if a.type in ("media", "organization")}
    assert named["Global Times"] == "CN"
    assert named["Justice Department's Office of Legal Counsel"] == "US"


def test_a_building_or_a_place_named_for_an_institution_or_a_saint_is_no_actor():
    _, found = find(
        "A prayer service was held at St. John's Episcopal Church. Forty people were injured "
        "outside the Parliament building in London, near Parliament Square."
    )
    assert not [a for a in found if a.type == "organization"]


def test_an_existential_source_stays_and_a_titled_name_after_a_comma_is_no_source():
    _, found = find(
        "An Iraqi Defense Ministry spokesman, Brig. Gen. Tahseen Ibrahim, acknowledged the "
        "problem. Rhodes said there would be American officials dispatched to Israel."
    )
    anon = {a.name: a.country for a in found if a.type == "anonymous"}
    assert anon == {"American officials": "US"}
    assert {a.actor_id for a in found if a.type == "organization"} == {"org:iq:defense-ministry"}


def test_an_organisation_based_somewhere_and_a_partys_aide_take_that_country():
    _, found = find(
        "Haggard wrote for the Peterson Institute for International Economics, a Washington-based "
        "research organization. Many were shocked that the package failed, a Republican aide said."
    )
    countries = {a.name: a.country for a in found if a.type in ("organization", "anonymous")}
    assert countries == {
        "Peterson Institute for International Economics": "US",
        "a Republican aide": "US",
    }


def test_a_listed_countrys_body_is_found_from_the_generic_name_and_a_rank_is_no_organisation():
    _, found = find(
        "China's Communist Party met in Beijing. I am gratified that Army Sgt. Bowe Bergdahl is "
        "free. Navy Cmdr. Sarah Higgins said so. Trump met them in the Oval Office."
    )
    assert {a.actor_id for a in found if a.type == "organization"} == {"org:ccp"}
    people = {a.name: a.country for a in found if a.type == "person"}
    assert people["Bowe Bergdahl"] == "US"


def test_a_person_of_a_local_story_is_of_its_country_unless_their_sentence_places_them_abroad():
    _, found = find(
        "Gunmen attacked Garissa University in Garissa on Thursday. Kenyan President Uhuru Kenyatta "
        "spoke in Nairobi. Judith Musyoka, 45, is searching for her son in Mombasa. Christina "
        "Liang, a fellow at a centre in Geneva, agreed."
    )
    people = {a.name: a.country for a in found if a.type == "person"}
    assert people == {"Uhuru Kenyatta": "KE", "Judith Musyoka": "KE", "Christina Liang": None}


def test_a_local_group_takes_the_country_of_the_place_it_is_in():
    _, found = find(
        "Volk blamed her government for doing too little to stop militants in Gaza from firing on "
        "Israel. The militants fired rockets. Protesters in Cairo clashed with police."
    )
    groups = {a.actor_id: a.country for a in found if a.type == "group"}
    assert groups == {"group:ps:militants": "PS", "group:eg:protesters": "EG"}


def test_aides_take_the_country_of_the_person_they_serve():
    _, found = find(
        "President Barack Obama spoke on Monday. Mr. Obama and top aides have been calling key "
        "members of Congress to talk over strategy."
    )
    (aides,) = [a for a in found if a.type == "anonymous"]
    assert (aides.actor_id, aides.country) == ("anon:us:top-aide", "US")


def test_unnamed_sources_of_a_local_story_are_of_its_country_unless_placed_or_affiliated():
    _, found = find(
        "Bulgarian Prime Minister Boyko Borissov said in Sofia that thousands of demonstrators had "
        "laid siege to the legislature in Sofia. Aides said the government in Sofia would not "
        "resign. Police in Plovdiv and Varna said militants had attacked a station. Officials in "
        "Geneva and Bulgarian officials declined to comment. A UN spokesman and a foreign diplomat "
        "agreed."
    )
    countries = {a.name: a.country for a in found if a.type in ("group", "anonymous")}
    assert countries == {
        "demonstrators": None,
        "Aides": "BG",
        "militants": None,
        "Officials": "CH",
        "Bulgarian officials": "BG",
        "A UN spokesman": None,
        "a foreign diplomat": None,
    }


def test_unnamed_sources_stay_unplaced_when_the_placed_ones_are_all_foreign():
    _, found = find(
        "Bulgarian Prime Minister Boyko Borissov said in Sofia that the protest in Sofia was "
        "peaceful. U.S. officials said Washington was watching. Aides said the government in Sofia "
        "would not resign."
    )
    (aides,) = [a for a in found if a.name == "Aides"]
    assert aides.country is None


def test_a_spelling_variant_of_a_listed_organisation_is_that_organisation():
    _, found = find(
        "Protesters called to rid the country of the Islamic Revolutionary Guards Corps."
    )
    assert [(a.actor_id, a.country) for a in found if a.type == "organization"] == [
        ("org:irgc", "IR")
    ]
