"""Readers of pipeline.ingest on small inputs in tests/data/ingest, bad input included, and page
furniture.
"""

from __future__ import annotations

import gzip
import itertools
import json
import shutil
from pathlib import Path

import pytest

from pipeline import cli
from pipeline.furniture import furniture_spans, inside
from pipeline.ingest import MAX_TEXT_CHARS, Skipped, check_text, html_to_text, normalise_date, read
from pipeline.records import Article

DATA = Path(__file__).parent / "data" / "ingest"
SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "seed.jsonl"
SHARED = Path(__file__).resolve().parents[2] / "shared"  # ../shared next to the repository
SHARED = SHARED if SHARED.is_dir() else None


def by_kind(source) -> tuple[dict[str, Article], dict[str, str]]:
    articles, skipped = {}, {}
    for item in read(str(source)):
        if isinstance(item, Article):
            articles[item.id] = item
        else:
            assert isinstance(item, Skipped) and item.where and item.reason
            skipped[item.where] = item.reason
    return articles, skipped


def test_jsonl_reads_good_lines_and_reports_bad_ones():
    articles, skipped = by_kind(DATA / "articles.jsonl")
    assert list(articles) == ["a1", "a4", "a5", "a6", "11", "a12"]
    a1 = articles["a1"]
    assert (a1.title, a1.date, a1.source, a1.url) == (
        "Ministers meet",
        "2021-12-02",
        "Test Wire",
        "https://example.org/a1",
    )
    raw = json.loads((DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert a1.text == raw["text"]  # byte-identical: offsets point into it
    assert skipped["articles.jsonl:2"].startswith("invalid JSON")
    assert skipped["articles.jsonl:3"] == "missing text (id 'a3')"
    assert skipped["articles.jsonl:4"] == "missing id"
    assert skipped["articles.jsonl:5"] == "duplicate id 'a1' (first on line 1)"
    assert skipped["articles.jsonl:6"].startswith("not a JSON object")
    assert skipped["a7"] == "not English (looks like French)"
    assert skipped["a8"] == "not English (looks like Cyrillic script)"
    assert skipped["a9"].startswith("binary")
    assert skipped["a10"] == "empty text"


def test_jsonl_dates_are_normalised_or_none():
    articles, _ = by_kind(DATA / "articles.jsonl")
    assert articles["a4"].date == "2021-12-03"  # ISO date-time
    assert articles["11"].date == "2021-12-02"  # RFC 2822
    assert articles["a5"].date is None  # unparseable, article kept
    assert articles["a6"].date is None  # missing
    assert articles["a12"].date is None  # 30 February


def test_gzipped_jsonl(tmp_path):
    gz = tmp_path / "articles.jsonl.gz"
    with open(DATA / "articles.jsonl", "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert [x.id for x in read(str(gz)) if isinstance(x, Article)] == [
        "a1",
        "a4",
        "a5",
        "a6",
        "11",
        "a12",
    ]


def test_sample_jsonl_is_read_unchanged():
    (article,) = read(str(SAMPLE))
    raw = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert article.id == raw["id"] and article.text == raw["text"] and article.date == "2021-12-02"


def test_folder_reads_txt_md_html_recursively():
    articles, skipped = by_kind(DATA / "folder")
    assert sorted(articles) == ["page.html", "report.txt", "sub/brief.md"]
    assert skipped == {
        "binary.txt": "binary (NUL bytes or mostly non-printable characters)",
        "empty.txt": "empty file",
        "french.txt": "not English (looks like French)",
        "notes.csv": "not a text file (.csv)",
    }
    assert "\r" not in articles["report.txt"].text


def test_html_main_text_and_metadata_through_trafilatura():
    (page,) = read(str(DATA / "folder" / "page.html"))
    assert page.title == "Border talks resume in Geneva"
    assert page.date == "2021-12-02" and page.source == "Test Herald"
    assert page.text.startswith("The foreign ministers of Norland")
    assert "cookies" not in page.text and "Privacy" not in page.text and "Home" not in page.text
    assert "\n\n" in page.text


def test_markdown_loses_its_markup():
    (md,) = read(str(DATA / "folder" / "sub" / "brief.md"))
    assert md.id == "brief.md" and md.title == "Talks on the river border"
    assert md.text.startswith("The foreign ministers met in Geneva on Tuesday.")
    assert "**" not in md.text and "](" not in md.text and "#" not in md.text


def test_single_file():
    (article,) = read(str(DATA / "single.md"))
    assert article.id == "single.md" and article.title == "A single file" and article.date is None


def test_rss_feed():
    articles, skipped = by_kind(DATA / "feed.rss")
    first = articles["https://example.org/news/1"]
    assert first.title == "Ministers meet in Geneva" and first.date == "2021-12-02"
    assert first.source == "Test Wire World News" and first.url == "https://example.org/news/1"
    assert "in Geneva on Tuesday" in first.text and "<" not in first.text
    assert articles["https://example.org/news/2"].date is None
    assert skipped == {
        "https://example.org/news/3": "empty text",
        "https://example.org/news/4": "not English (looks like French)",
    }


def test_atom_feed_prefers_content_and_published_date():
    articles, _ = by_kind(DATA / "feed.atom")
    first = articles["urn:test-herald:1"]
    assert (
        first.text
        == "The foreign ministers met in Geneva on Tuesday.\n\nBoth sides agreed to talk again next month."
    )
    assert first.date == "2021-12-02" and first.source == "Test Herald"
    assert articles["urn:test-herald:2"].date == "2021-12-04"  # updated when not published


def test_huge_text_and_file_are_skipped(tmp_path):
    big = "The talks went on. " * (MAX_TEXT_CHARS // 19 + 10)
    jsonl = tmp_path / "big.jsonl"
    jsonl.write_text(
        json.dumps({"id": "big", "text": big})
        + "\n"
        + json.dumps({"id": "ok", "text": "Fine."})
        + "\n"
    )
    out = list(read(str(jsonl)))
    assert out[0].where == "big" and out[0].reason.startswith("text too large")
    assert isinstance(out[1], Article)
    huge = tmp_path / "huge.txt"
    huge.write_text(big * 5)
    (skipped,) = read(str(huge))
    assert isinstance(skipped, Skipped) and skipped.reason.startswith("file too large")


def test_binary_file_with_text_suffix_and_broken_encoding(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    (skipped,) = read(str(junk))
    assert skipped.reason.startswith("binary")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(
        "The minister’s visit to Zürich was cancelled on Monday, officials said.".encode("cp1252")
    )
    (article,) = read(str(latin))
    assert "Zürich" in article.text


def test_empty_and_corrupt_sources_are_reported(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert [(x.where, x.reason) for x in read(str(empty))] == [("empty.jsonl", "empty file")]
    (tmp_path / "folder").mkdir()
    assert [x.reason for x in read(str(tmp_path / "folder"))] == ["no .txt, .md or .html files"]
    corrupt = tmp_path / "corrupt.jsonl.gz"
    corrupt.write_bytes(b"this is not gzip data")
    (skipped,) = read(str(corrupt))
    assert skipped.where == "corrupt.jsonl.gz:1" and skipped.reason.startswith("unreadable")
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(gzip.compress((DATA / "articles.jsonl").read_bytes())[:-40])
    out = list(read(str(truncated)))
    assert isinstance(out[0], Article) and out[-1].reason.startswith("unreadable")


def test_utf16_text_file(tmp_path):
    utf16 = tmp_path / "utf16.txt"
    utf16.write_text("The ministers met in Geneva on Tuesday, officials said.", encoding="utf-16")
    (article,) = read(str(utf16))
    assert article.text == "The ministers met in Geneva on Tuesday, officials said."


def test_missing_source_raises():
    with pytest.raises(FileNotFoundError):
        list(read(str(DATA / "nope.jsonl")))


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2021-12-02", "2021-12-02"),
        ("2021-12-02T23:59:59+05:00", "2021-12-02"),
        ("2021/12/2", "2021-12-02"),
        ("Thu, 02 Dec 2021 10:00:00 GMT", "2021-12-02"),
        ("December 2, 2021", "2021-12-02"),
        ("2 Dec 2021", "2021-12-02"),
        ("2021-13-01", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (20211202, None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_check_text_keeps_english_with_foreign_quotes_and_short_texts():
    assert check_text("Fine.") is None
    assert (
        check_text(
            "Macron said: « Nous sommes en guerre », and the minister agreed with him on the plan."
        )
        is None
    )
    assert check_text("東京で会談が行われた。" * 20).startswith("not English (looks like")
    turkish = (
        "Ankara ve Şam arasındaki görüşmeler çok önemli, dedi bakan. Anlaşma yakında başkentte "
        "imzalanacak ve barış için önemli bir adım olacak. "
    ) * 3
    assert (
        check_text(turkish) == "not English (looks like another language: few common English words)"
    )


def test_html_to_text_never_fails():
    assert (
        html_to_text("<p>The a <b>Geneva</b> on.</p><p>Both<br>sides</p><script>x()</script>")
        == "The a Geneva on.\n\nBoth\n\nsides"
    )
    assert html_to_text("a &amp; b") == "a & b"
    assert html_to_text("") == ""
    assert html_to_text("<<<>>>") == "<<<>>>"


SEED_LIKE = (
    "Skip to main content\n\n"
    "The minister, left, meets his counterpart in Geneva, on Dec. 2.JANE DOE/AFP/Getty Images\n\n"
    "The minister said the talks were useful.\n\n"
    "Advertisement\n\n"
    "Image copyright Reuters Image caption Troops near the border on Monday\n\n"
    "Soldiers stand guard in the capital, March 3, 2019. REUTERS/John Smith\n\n"
    "President Jones greets the crowd in Lisbon. (AP Photo/Ann Lee)\n\n"
    "Our Morning Update and Evening Update newsletters are written by our editors. Sign up today.\n\n"
    "Read more\n"
)


def marked_text(text: str) -> list[str]:
    """The strings furniture_spans marks in `text`."""
    return [text[s:e] for s, e in furniture_spans(text)]


def test_furniture_spans_mark_boilerplate_and_credits_only():
    marked = marked_text(SEED_LIKE)
    assert marked == [
        "Skip to main content",
        "JANE DOE/AFP/Getty Images",
        "Advertisement",
        "Image copyright Reuters Image caption",
        "REUTERS/John Smith",
        "(AP Photo/Ann Lee)",
        "Our Morning Update and Evening Update newsletters are written by our editors. Sign up today.",
        "Read more",
    ]


def test_furniture_leaves_article_prose_alone():
    prose = (
        "The minister said he would read more reports before deciding.\n\n"
        "Advertisement revenue fell sharply, the company said, as readers moved online.\n\n"
        "Officials in Kabul said the Photo: exhibit had been closed.\n"
        "He joined Reuters/Ipsos pollsters in 2010 and later worked in Moscow for the agency.\n"
    )
    assert furniture_spans(prose) == []
    assert furniture_spans("") == []
    assert furniture_spans("\x00\x01 junk") == []


def test_inside():
    spans = [(0, 20), (40, 60)]
    assert inside(spans, 5, 10) and inside(spans, 55, 70) and not inside(spans, 20, 40)


@pytest.mark.skipif(SHARED is None, reason="shared material absent")
def test_seed_furniture():
    text = (SHARED / "seed" / "000_f00094cdf8406b67.txt").read_text(encoding="utf-8")
    marked = marked_text(text)
    assert marked[0] == "Skip to main content"
    assert marked[1] == "JONATHAN NACKSTRAND/AFP/Getty Images"
    assert marked[2].startswith("Our Morning Update and Evening Update newsletters")
    assert len(marked) == 3


@pytest.mark.skipif(SHARED is None, reason="shared material absent")
def test_corpus_streams_and_furniture_stays_small():
    articles = list(itertools.islice(read(str(SHARED / "corpus" / "allsides_intl.jsonl.gz")), 300))
    assert all(isinstance(a, Article) for a in articles)
    marked = 0
    for a in articles:
        spans = [(s, e) for s, e in furniture_spans(a.text) if "Hide Caption" not in a.text[s:e]]
        marked += sum(e - s for s, e in spans)  # a photo gallery, one line, may be most of a page
        assert sum(e - s for s, e in spans) < 0.4 * len(a.text)
        short = [(s, e) for s, e in spans if "sign up" not in a.text[s:e].lower()]
        assert all(e - s < 400 for s, e in short)  # a sign-up form, one line, may run long
    assert marked < 0.06 * sum(len(a.text) for a in articles)


def test_furniture_video_gallery_promo_and_byline():
    text = (
        "Doug Stanglin\n\nUSA TODAY\n\n"
        "Troops moved toward Kyiv on Monday, officials said.\n\n"
        "JUST WATCHED Obama warns Iran at UN Replay More Videos ... MUST WATCH Obama warns Iran at UN 01:02\n\n"
        "Photos: Unrest in Syria Photos: Unrest in Syria Unrest – Men help survivors in Aleppo. "
        "Hide Caption 3 of 12 Photos: Unrest in Syria Unrest – Smoke over Homs. Hide Caption 4 of 12\n\n"
        "Get the Monitor Stories you care about delivered to your inbox. By signing up, you agree to our "
        "Privacy Policy\n\n— Shaun Waterman\n"
    )
    marked = marked_text(text)
    assert marked == [
        "Doug Stanglin\n\nUSA TODAY",
        "JUST WATCHED Obama warns Iran at UN Replay More Videos ... MUST WATCH Obama warns Iran at UN 01:02",
        "Photos: Unrest in Syria Photos: Unrest in Syria Unrest – Men help survivors in Aleppo. "
        "Hide Caption 3 of 12 Photos: Unrest in Syria Unrest – Smoke over Homs. Hide Caption 4 of 12",
        "Get the Monitor Stories you care about delivered to your inbox. By signing up, you agree to our "
        "Privacy Policy",
        "— Shaun Waterman",
    ]


def test_bad_characters_and_dates_cost_no_article(tmp_path):
    """A lone surrogate, an invalid UTF-8 byte, objects joined by a lone CR and dates of year 1
    or 9999 lose nothing: every article is read, sanitised once, with an unusable date dropped."""
    path = tmp_path / "fuzz.jsonl"
    lines = [
        b'{"id": "s1", "text": "Russia attacked Ukraine \\ud800 on Monday, officials said."}',
        b'{"id": "s2", "text": "Talks resumed in Geneva on Friday.", "date": "0001-01-01"}',
        b'{"id": "s3", "text": "Talks resumed in Geneva on Friday.", "date": "9999-12-31"}\r'
        b'{"id": "s4", "text": "The ministers met in Vienna and agreed to meet again soon."}',
        b'{"id": "s5", "text": "The ministers met in Vienna \xff and agreed to meet again, '
        b'officials of both governments said on Tuesday after the long session."}',
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    articles = [a for a in read(str(path)) if isinstance(a, Article)]
    assert [a.id for a in articles] == ["s1", "s2", "s3", "s4", "s5"]
    assert "\ufffd" in articles[0].text and len(articles[0].text) == 52
    assert articles[1].date is None and articles[2].date is None
    out = tmp_path / "out.jsonl"
    assert cli.main(["extract", "-q", str(path), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["s1", "s2", "s3", "s4", "s5"]
    assert not any(r.get("error") for r in rows)
