"""Articles built to break a pipeline: many quotes, no punctuation, a megabyte of text."""

from __future__ import annotations

from pipeline.records import Article

__all__ = ["articles"]

_NAMES = ("Anna Petrova", "John Miller", "Olena Shevchenko", "Ahmed Hassan", "Maria Lopez")
_PLACES = ("Kyiv", "Warsaw", "Minsk", "Moscow", "Berlin")


def _quotes(n: int) -> str:
    """`n` direct quotes with named speakers, a paragraph each."""
    return "\n\n".join(
        f"\u201cTroops near {_PLACES[i % 5]} are a threat,\u201d {_NAMES[i % 5]} said."
        for i in range(n)
    )


def _unpunctuated(n: int) -> str:
    """`n` sentences' worth of words with no sentence punctuation at all."""
    return " ".join(
        f"officials in {_PLACES[i % 5]} say the army moved tanks toward the border again"
        for i in range(n)
    )


def _large(chars: int) -> str:
    """Ordinary news prose repeated to `chars` characters."""
    para = (
        "Russia moved troops toward the Ukrainian border on Monday, officials in Kyiv said. "
        "NATO ministers met in Brussels to discuss sanctions. "
        "\u201cWe will respond,\u201d the Polish foreign minister said in Warsaw.\n\n"
    )
    return (para * (chars // len(para) + 1))[:chars]


def articles() -> dict[str, Article]:
    """The pathological cases by name, each dated like the news around it."""
    return {
        "quotes_5000": Article("path-quotes", _quotes(5000), date="2022-02-20"),
        "no_punctuation_2000": Article("path-nopunct", _unpunctuated(2000), date="2022-02-20"),
        "one_megabyte": Article("path-1mb", _large(999_000), date="2022-02-20"),
    }
