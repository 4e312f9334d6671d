"""The view in the URL: every filter and selection as a query parameter, restored from a link.

Each widget keeps its value in `st.session_state` under its key, and the key is its parameter's
name (the date range is `start` and `end`). Before a widget is drawn, its binder (`choice`,
`choices`, `toggle`, `number`, `dates`) puts the URL's value there when the URL is not the one this
session last wrote: a shared link, a reload, or the browser's back and forward. `publish` then
writes every bound value back, defaults left out. Writing `st.query_params` from Python makes the
browser push a history entry, so back and forward step through the views; Streamlit's own
`bind="query-params"` replaces the entry instead, so back would leave the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import streamlit as st

__all__ = [
    "choice",
    "choices",
    "dates",
    "keep",
    "known",
    "number",
    "publish",
    "restore",
    "toggle",
    "view",
]

Url = dict[str, list[str]]
_PENDING = "_url_pending"  # the URL being restored this run, if any
_WRITTEN = "_url_written"  # the URL this session last read or wrote
_BOUND = "_url_bound"  # key → _Binding of every bound widget
_FULL_RUN = "_url_full_run"  # True from `restore` to `publish`: a whole-page run is under way


@dataclass(frozen=True)
class _Binding:
    """How one widget's value reads from and writes to the URL."""

    default: object
    encode: Callable[[object], Url]
    decode: Callable[[Url], object | None]  # None: absent or invalid, the default applies


def _url() -> Url:
    """The page's query parameters, each as the list of its values."""
    return {k: st.query_params.get_all(k) for k in st.query_params}


def restore() -> None:
    """At the top of a run: a URL this session did not write is restored into the widgets."""
    st.session_state[_FULL_RUN] = True
    url = _url()
    if st.session_state.get(_WRITTEN) != url:
        st.session_state[_PENDING] = url
        st.session_state[_WRITTEN] = url


def keep(keys: Sequence[str]) -> None:
    """Keep the values of widgets a run may not draw (a closed tab's): Streamlit forgets an
    undrawn widget's value unless it is set again in the run.
    """
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _bind(key: str, binding: _Binding) -> None:
    """Register widget `key`; on a restored URL, set its value from it (or its default)."""
    st.session_state.setdefault(_BOUND, {})[key] = binding
    pending = st.session_state.get(_PENDING)
    if pending is not None:
        value = binding.decode(pending)
        st.session_state[key] = binding.default if value is None else value


def _one(key: str) -> Callable[[object], Url]:
    return lambda v: {key: [str(v)]}


def choice(key: str, options: Sequence[str], default: str | None = None) -> None:
    """A selectbox, radio or tabs value, one of `options` (default: the first)."""
    valid = set(options)

    def decode(url: Url) -> str | None:
        values = url.get(key) or [None]
        return values[0] if values[0] in valid else None

    _bind(key, _Binding(options[0] if default is None else default, _one(key), decode))


def known(key: str, is_known: Callable[[str], bool], default: str) -> None:
    """A value checked by `is_known` rather than against a list: a widget a closed tab holds
    (the picked place), whose options only that tab computes."""

    def decode(url: Url) -> str | None:
        values = url.get(key) or [None]
        return values[0] if values[0] is not None and is_known(values[0]) else None

    _bind(key, _Binding(default, _one(key), decode))


def choices(key: str, options: Sequence[str]) -> None:
    """A multiselect's values, each one of `options`, repeated as `key=a&key=b`; default none."""
    valid = set(options)

    def decode(url: Url) -> list[str] | None:
        values = [v for v in url.get(key, []) if v in valid]
        return list(dict.fromkeys(values)) or None

    _bind(key, _Binding([], lambda v: {key: list(v)}, decode))


def toggle(key: str) -> None:
    """A toggle or checkbox, `key=1` when on; default off."""
    _bind(key, _Binding(False, lambda v: {key: ["1"]}, lambda url: url.get(key) == ["1"] or None))


def number(key: str, default: int, lo: int) -> None:
    """An integer input at least `lo`."""

    def decode(url: Url) -> int | None:
        raw = (url.get(key) or [""])[0]
        return int(raw) if raw.isdigit() and int(raw) >= lo else None

    _bind(key, _Binding(default, _one(key), decode))


def dates(key: str, lo: date, hi: date) -> None:
    """A date range within lo..hi, as `start` and `end` (ISO dates); default the whole span."""

    def decode(url: Url) -> tuple[date, date] | None:
        try:
            start, end = (date.fromisoformat((url.get(k) or [""])[0]) for k in ("start", "end"))
        except ValueError:
            return None
        return (start, end) if lo <= start <= end <= hi else None

    def encode(v) -> Url:
        return {"start": [v[0].isoformat()], "end": [v[1].isoformat()]} if len(v) == 2 else {}

    _bind(key, _Binding((lo, hi), encode, decode))


def view() -> dict[str, str]:
    """The bound values that differ from their defaults, as the URL writes them (lists joined)."""
    return {k: ",".join(v) for k, v in _encoded().items()}


def _encoded() -> Url:
    """Every bound widget's value in URL form, defaults left out."""
    url: Url = {}
    for key, binding in st.session_state.get(_BOUND, {}).items():
        value = st.session_state.get(key, binding.default)
        if _norm(value) != _norm(binding.default):
            url.update(binding.encode(value))
    return url


def _norm(value: object) -> object:
    """Lists and tuples compare alike (a multiselect or date range may hold either)."""
    return tuple(value) if isinstance(value, (list, tuple)) else value


def publish(fragment: bool = False) -> None:
    """At the end of a run: the widgets' values become the URL, and the browser a history entry.

    A fragment calls it with `fragment=True`: that writes the URL only when the fragment reran
    alone, since a whole-page run writes it once at its end.
    """
    if fragment and st.session_state.get(_FULL_RUN):
        return
    st.session_state[_FULL_RUN] = False
    st.session_state.pop(_PENDING, None)
    url = _encoded()
    if url != _url():
        st.query_params.from_dict(url)
    st.session_state[_WRITTEN] = url
