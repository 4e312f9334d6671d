"""Read articles from JSON Lines, folders of .txt/.md/.html files, single files and RSS/Atom feeds.

`read` streams `Article`s and, for anything it cannot use, a `Skipped` naming the article (or
file:line) and the reason; one bad input never stops the run. Texts over `MAX_TEXT_CHARS` are
skipped, not truncated: spaCy refuses them too, and a cut article would misreport its content.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from pathlib import Path

from pipeline import lexicon
from pipeline.records import Article

__all__ = [
    "FEED_SUFFIXES",
    "JSONL_SUFFIXES",
    "MAX_FILE_BYTES",
    "MAX_TEXT_CHARS",
    "TEXT_SUFFIXES",
    "YEARS",
    "Partition",
    "Skipped",
    "check_text",
    "html_to_text",
    "normalise_date",
    "plan",
    "read",
    "read_partition",
    "sanitise",
]

MAX_TEXT_CHARS = 1_000_000  # spaCy's default max_length
MAX_FILE_BYTES = 4 * MAX_TEXT_CHARS  # an html page may carry 3 bytes of markup per byte of text
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".feed"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
YEARS = (1900, 2100)  # publication and event years outside these are typos or placeholders
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Skipped:
    """An input item that was not read: where it is (article id or file:line) and why.

    `id` is set when the item is an article with an id, so `extract` still writes its line."""

    where: str
    reason: str
    id: str | None = None


@dataclass(frozen=True)
class Partition:
    """A piece of one input that a worker reads by itself: a byte range of a JSON Lines file
    (`start`, `end`, numbered from `line`), some entries of a folder, or a whole file or feed.
    """

    source: str
    kind: str  # jsonl folder feed file
    start: int = 0
    end: int | None = None
    line: int = 1
    entries: tuple[tuple[str, str | None], ...] = ()  # folder: (relative path, why unreadable)


def read(source: str) -> Iterator[Article | Skipped]:
    """Articles of a JSON Lines file (.gz too), a folder, a .txt/.md/.html file or an RSS/Atom feed
    (path or URL), streamed.
    """
    for part in plan(source):
        yield from read_partition(part)


def read_partition(part: Partition) -> Iterator[Article | Skipped]:
    """The articles of one partition, sanitised, and a `Skipped` for everything else in it."""
    for item in _read(part):
        yield _sanitised(item) if isinstance(item, Article) else item


def plan(source: str, parts: int = 1) -> list[Partition]:
    """`source` cut into about `parts` partitions of similar size, in input order; a compressed
    file or a feed is one partition. Raises FileNotFoundError for a missing path.
    """
    if re.match(r"https?://", source):
        return [Partition(source, "feed")]
    path = Path(source)
    if path.is_dir():
        entries = list(_walk(path, path, frozenset({path.resolve()})))
        if not entries:
            return [Partition(source, "folder")]
        size = -(-len(entries) // max(1, parts))
        return [
            Partition(source, "folder", entries=tuple(entries[i : i + size]))
            for i in range(0, len(entries), size)
        ]
    if not path.exists():
        raise FileNotFoundError(source)
    kind = _kind(path)
    if kind != "jsonl" or parts <= 1 or path.suffix.lower() == ".gz":
        return [Partition(source, kind)]
    return _ranges(path, parts)


def _ranges(path: Path, parts: int) -> list[Partition]:
    """Byte ranges of a JSON Lines file that start at line starts, with their first line numbers."""
    size = path.stat().st_size
    cuts = [0]
    with open(path, "rb") as f:
        for i in range(1, parts):
            f.seek(max(cuts[-1], size * i // parts))
            if f.tell() > 0:
                f.readline()
            if f.tell() >= size:
                break
            if f.tell() > cuts[-1]:
                cuts.append(f.tell())
        lines, out = 1, []
        for start, end in zip(cuts, cuts[1:] + [size]):
            out.append(Partition(str(path), "jsonl", start, end, lines))
            f.seek(start)
            left = end - start
            while left > 0:
                chunk = f.read(min(left, 1 << 20))
                lines, left = lines + chunk.count(b"\n"), left - len(chunk)
    return out


def _read(part: Partition) -> Iterator[Article | Skipped]:
    if part.kind == "feed":
        yield from _read_feed(part.source)
    elif part.kind == "folder":
        yield from _read_folder(Path(part.source), part.entries)
    elif part.kind == "jsonl":
        yield from _read_jsonl(Path(part.source), part.start, part.end, part.line)
    else:
        yield _read_file(Path(part.source), Path(part.source).name)


def sanitise(text: str) -> str:
    """`text` safe for every later stage, character for character (so offsets hold): a lone
    surrogate becomes U+FFFD, NUL and other control characters a space."""
    text = _SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub(" ", text)


def _sanitised(a: Article) -> Article:
    """The article with every string field sanitised once, here, for all that reads it."""
    clean = lambda v: sanitise(v) if isinstance(v, str) else v
    return replace(
        a,
        id=clean(a.id),
        text=clean(a.text),
        title=clean(a.title),
        source=clean(a.source),
        url=clean(a.url),
    )


def normalise_date(value) -> str | None:
    """`YYYY-MM-DD` from an ISO date or date-time, an RFC 2822 date or a time.struct_time; else
    None.
    """
    if isinstance(value, time.struct_time):
        return _valid(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, (date, datetime)):
        return value.strftime("%Y-%m-%d")
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    m = re.match(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])", text)
    if m:
        return _valid(*map(int, m.groups()))
    try:
        return parsedate_to_datetime(text).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y"):
        try:
            return datetime.strptime(text, fmt).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return None


def check_text(text: str) -> str | None:
    """Why `text` is no usable English article (empty, too large, binary, another language), or
    None.
    """
    if not text.strip():
        return "empty text"
    if len(text) > MAX_TEXT_CHARS:
        return f"text too large ({len(text):,} characters, limit {MAX_TEXT_CHARS:,})"
    sample = text[:20_000]
    if "\x00" in sample or len(_JUNK.findall(sample)) > 0.05 * len(sample):
        return "binary (NUL bytes or mostly non-printable characters)"
    language = _language(sample)
    if language != "English":
        return f"not English (looks like {language})"
    return None


_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_NON_LATIN = re.compile(r"[^\W\d_\x00-\u024f]")
_WORD = re.compile(r"[a-zà-ÿ]+")


def _language(sample: str) -> str:
    """'English', another language or '<name> script': a script share, then a stopword count."""
    sample = sample[:5000]
    words = _WORD.findall(sample.lower())
    if not sample.isascii():
        others = _NON_LATIN.findall(sample)
        if len(others) > sum(map(len, words)):
            return _script(others)
    counts = dict.fromkeys(("English",), 0)
    stopwords = lexicon.load().stopwords
    for word in words:
        for language in stopwords.get(word, ()):
            counts[language] = counts.get(language, 0) + 1
    best = max(counts, key=counts.get)
    if best != "English" and counts[best] >= 5 and counts[best] > 2 * counts["English"]:
        return best
    if len(words) >= 30 and counts["English"] < 0.04 * len(words):  # English prose runs at 14-40 %
        return "another language: few common English words"
    return "English"


def _script(letters: list[str]) -> str:
    """The most frequent script among non-Latin letters, e.g. 'Cyrillic script'."""
    names: dict[str, int] = {}
    for ch in letters:
        name = unicodedata.name(ch, "UNKNOWN").split()[0]
        names[name] = names.get(name, 0) + 1
    top = max(names, key=names.get)
    return f"{'Chinese/Japanese' if top == 'CJK' else top.title()} script"


def _valid(year: int, month: int, day: int) -> str | None:
    """`YYYY-MM-DD` if that day exists and lies in YEARS (a year 1 or 9999 is a typo, not news)."""
    if not YEARS[0] <= year <= YEARS[1]:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _kind(path: Path) -> str:
    """'jsonl', 'feed' or 'file', from the suffix, else from the first bytes."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes[-1:] == [".gz"] or (suffixes and suffixes[-1] in JSONL_SUFFIXES):
        return "jsonl"
    if suffixes and suffixes[-1] in FEED_SUFFIXES:
        return "feed"
    if suffixes and suffixes[-1] in TEXT_SUFFIXES:
        return "file"
    with open(path, "rb") as f:
        head = f.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith((b"<rss", b"<feed", b"<rdf")) or (
        head.startswith(b"<?xml") and b"<html" not in head
    ):
        return "feed"
    return "file"


def _read_jsonl(
    path: Path, start: int = 0, end: int | None = None, line: int = 1
) -> Iterator[Article | Skipped]:
    """FORMAT.md articles, one JSON object a line, from the lines that start in [start, end); bad
    lines and repeated ids are reported.
    """
    seen: dict[str, int] = {}
    number = line - 1
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rb") as f:
        f.seek(start)
        for number, raw in enumerate(_lines(f, end), start=line):
            where = f"{path.name}:{number}"
            if isinstance(raw, Exception):
                yield Skipped(where, f"unreadable from here on: {raw}")
                break
            if raw is None:
                yield Skipped(where, f"line too large (over {MAX_FILE_BYTES:,} bytes)")
                continue
            if not raw.strip():
                continue
            text = raw.decode("utf-8", errors="replace")
            if "\r" in text.strip():  # objects joined by a lone carriage return
                parts = [p for p in text.split("\r") if p.strip()]
                if len(parts) > 1 and all(p.lstrip().startswith("{") for p in parts):
                    yield from _objects(parts, where, seen, number)
                    continue
            yield from _objects([text], where, seen, number)
    if number == 0:
        yield Skipped(path.name, "empty file")


def _objects(
    lines: list[str], where: str, seen: dict[str, int], number: int
) -> Iterator[Article | Skipped]:
    """The articles of JSON lines read at `where` (one, or several a lone CR joined)."""
    for raw in lines:
        try:
            obj = json.loads(raw)
        except ValueError as exc:
            yield Skipped(where, f"invalid JSON: {exc}")
            continue
        if not isinstance(obj, dict):
            yield Skipped(where, f"not a JSON object ({type(obj).__name__})")
            continue
        missing = [k for k in ("id", "text") if obj.get(k) in (None, "")]
        if missing:
            named = f" (id {obj['id']!r})" if "id" not in missing else ""
            ident = obj.get("id") if isinstance(obj.get("id"), (str, int)) else None
            reason = f"missing {' and '.join(missing)}{named}"
            yield Skipped(where, reason, id=None if ident in (None, "") else str(ident))
            continue
        if not isinstance(obj["text"], str) or not isinstance(obj["id"], (str, int)):
            yield Skipped(where, "id or text is not a string")
            continue
        article_id = str(obj["id"])
        if article_id in seen:
            yield Skipped(where, f"duplicate id {article_id!r} (first on line {seen[article_id]})")
            continue
        seen[article_id] = number
        reason = check_text(obj["text"])
        if reason:
            yield Skipped(article_id, reason, id=article_id)
            continue
        yield Article(
            id=article_id,
            text=obj["text"],
            title=_str(obj.get("title")),
            date=normalise_date(obj.get("date")),
            source=_str(obj.get("source")),
            url=_str(obj.get("url")),
        )


def _lines(f, end: int | None = None) -> Iterator[bytes | Exception | None]:
    """Lines of a binary file that start before byte `end`; None for a line over MAX_FILE_BYTES
    (read past), the error of a corrupt .gz.
    """
    try:
        while (end is None or f.tell() < end) and (line := f.readline(MAX_FILE_BYTES + 1)):
            if len(line) > MAX_FILE_BYTES and not line.endswith(b"\n"):
                while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield None
            else:
                yield line
    except (OSError, EOFError) as exc:
        yield exc


def _str(value) -> str | None:
    """A stripped non-empty string, else None (metadata fields may hold anything)."""
    return value.strip() or None if isinstance(value, str) else None


def _walk(root: Path, folder: Path, seen: frozenset[Path]) -> Iterator[tuple[str, str | None]]:
    """Every entry under `folder` as (path relative to `root`, why it is no article or None);
    hidden entries are not input, linked folders are followed unless they loop.
    """
    for path in sorted(folder.iterdir()):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith("."):
            continue
        if path.is_symlink() and not path.exists():
            yield rel, "broken symbolic link (dangling or looping)"
        elif path.is_dir():
            real = path.resolve()
            if real in seen:
                yield rel, "symbolic link loop (a folder that holds itself)"
            else:
                yield from _walk(root, path, seen | {real})
        elif not path.is_file():
            yield rel, "not a regular file"
        elif path.suffix.lower() not in TEXT_SUFFIXES:
            yield rel, f"not a text file ({path.suffix.lower() or 'no suffix'})"
        else:
            yield rel, None


def _read_folder(
    folder: Path, entries: tuple[tuple[str, str | None], ...]
) -> Iterator[Article | Skipped]:
    """The folder's .txt/.md/.html files among `entries`, id = the path relative to the folder;
    a Skipped for every other entry.
    """
    if not entries:
        yield Skipped(str(folder), "no .txt, .md or .html files")
    for rel, problem in entries:
        if problem:
            yield Skipped(rel, problem, id=rel)
            continue
        try:
            yield _read_file(folder / rel, rel)
        except OSError as exc:
            yield Skipped(rel, f"unreadable: {exc.strerror or exc}", id=rel)


def _read_file(path: Path, article_id: str) -> Article | Skipped:
    """One .txt, .md or .html file as an Article (html through trafilatura)."""
    size = path.stat().st_size
    if size == 0:
        return Skipped(article_id, "empty file", id=article_id)
    if size > MAX_FILE_BYTES:
        reason = f"file too large ({size:,} bytes, limit {MAX_FILE_BYTES:,})"
        return Skipped(article_id, reason, id=article_id)
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    if b"\x00" in data[:8192]:
        reason = "binary (NUL bytes or mostly non-printable characters)"
        return Skipped(article_id, reason, id=article_id)
    raw = _decode(data)
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm", ".xhtml"} or (suffix not in TEXT_SUFFIXES and _looks_html(raw)):
        article = _from_html(raw, article_id)
    elif suffix in {".md", ".markdown"}:
        article = _from_markdown(raw, article_id)
    else:
        article = Article(id=article_id, text=_clean_newlines(raw))
    reason = check_text(article.text)
    return Skipped(article_id, reason, id=article_id) if reason else article


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, which decodes nearly any byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _clean_newlines(text: str) -> str:
    """Unix newlines, outer whitespace stripped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _looks_html(text: str) -> bool:
    """Whether a file without a known suffix is an html page."""
    return bool(re.match(r"\s*(<!doctype html|<html|<head|<body)", text, re.I))


def _from_html(html: str, article_id: str) -> Article:
    """Main text, title, date and site of an html page through trafilatura; light conversion as
    fallback.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if doc is None or not (doc.text or "").strip():
        return Article(id=article_id, text=html_to_text(html), title=_html_title(html))
    title = _str(doc.title)
    paragraphs = [p.strip() for p in _clean_newlines(doc.text).split("\n") if p.strip()]
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return Article(
        id=article_id,
        text="\n\n".join(paragraphs),
        title=title,
        date=normalise_date(doc.date),
        source=_str(doc.sitename),
        url=_str(doc.url),
    )


_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
    "pre",
    "ul",
    "ol",
    "table",
    "figure",
    "figcaption",
    "header",
    "footer",
}


def html_to_text(html: str) -> str:
    """Plain text of an html page or fragment: block elements become paragraphs, scripts and styles
    go.
    """
    import lxml.html
    from lxml.etree import ParserError

    if "<" not in html:
        return _clean_newlines(unescape(html))
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return _clean_newlines(re.sub(r"<[^>]*>", " ", html))
    for bad in root.xpath("//head|//script|//style|//noscript|//nav|//form"):
        bad.drop_tree()
    parts: list[str] = []
    _collect(root, parts)
    paragraphs = (re.sub(r"[ \t\xa0]+", " ", p).strip() for p in "".join(parts).split("\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _collect(node, parts: list[str]) -> None:
    """Append the text under `node` to `parts`, with blank lines around block elements."""
    block = node.tag in _BLOCKS
    if block:
        parts.append("\n\n")
    parts.append(node.text or "")
    for child in node:
        if isinstance(child.tag, str):
            _collect(child, parts)
        parts.append(child.tail or "")
    if block:
        parts.append("\n\n")


def _html_title(html: str) -> str | None:
    """The <title> of a page trafilatura could not read."""
    m = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
    return _str(re.sub(r"\s+", " ", m.group(1))) if m else None


def _from_markdown(md: str, article_id: str) -> Article:
    """Markdown without its markup: links keep their words, emphasis and heading marks go."""
    text = _clean_newlines(md)
    title = None
    heading = re.match(r"#\s+(.+)\n", text + "\n")
    if heading:
        title = heading.group(1).strip()
        text = text[heading.end() :].strip()
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__|`)", "", text)
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.M)
    return Article(id=article_id, text=text.strip(), title=title)


def _read_feed(source: str) -> Iterator[Article | Skipped]:
    """Entries of an RSS/Atom feed: content (else summary) as text, date from published/updated;
    a feed's parse error is reported even when entries were recovered.
    """
    import feedparser

    feed = feedparser.parse(source)
    problem = feed.get("bozo_exception")
    if not feed.entries:
        yield Skipped(source, f"no feed entries{f' ({problem})' if problem else ''}", id=source)
        return
    if problem:
        yield Skipped(source, f"feed parse error, entries after it may be lost: {problem}")
    outlet = _str(feed.feed.get("title"))
    seen: set[str] = set()
    for number, entry in enumerate(feed.entries, start=1):
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary") or ""
        title = _str(html_to_text(entry.get("title", "")))
        article_id = entry.get("id") or entry.get("link") or _content_id(title, body)
        if article_id in seen:
            yield Skipped(f"{source}#{number}", f"duplicate id {article_id!r}")
            continue
        seen.add(article_id)
        text = html_to_text(body)
        reason = check_text(text)
        if reason:
            yield Skipped(article_id, reason, id=article_id)
            continue
        yield Article(
            id=article_id,
            text=text,
            title=title,
            date=normalise_date(
                entry.get("published_parsed")
                or entry.get("updated_parsed")
                or entry.get("published")
                or entry.get("updated")
            ),
            source=outlet,
            url=_str(entry.get("link")),
        )


def _content_id(title: str | None, body: str) -> str:
    """An id for a feed entry with neither guid nor link: a hash of what it says, the same
    wherever the feed is read from.
    """
    raw = json.dumps([title, body], ensure_ascii=False).encode("utf-8", "surrogatepass")
    return f"sha256:{hashlib.sha256(raw).hexdigest()[:16]}"
