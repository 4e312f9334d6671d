"""Place mentions in a parsed article (stub until the geo work lands)."""
from spacy.tokens import Doc

from pipeline.records import Place


def find_places(doc: Doc) -> list[Place]:
    return []
