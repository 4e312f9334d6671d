"""End-to-end: the dashboard in headless Debian chromium, offline, against a store the pipeline
built.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "docs" / "screenshot.png"
SEED = ROOT / "data" / "samples" / "seed.jsonl"
CORPUS = Path("/work/shared/corpus/allsides_intl.jsonl.gz")
CORPUS = CORPUS if CORPUS.is_file() else ROOT.parent / "shared" / "corpus" / CORPUS.name
SEED_URL = "https://news.example.org/seed"  # the seed article's link, served by the test itself
N_CORPUS = 30  # corpus articles beside the seed, so the screenshot shows the page at scale
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium not installed at /usr/bin/chromium"
)

MAP_READY = """() => { const gd = document.querySelector('.js-plotly-plot');
    const sp = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    return Boolean(sp && sp.map && sp.map.loaded()); }"""
PIXEL_OF = """([lon, lat]) => { const sp = document.querySelector('.js-plotly-plot')._fullLayout.map._subplot;
    const pt = sp.map.project([lon, lat]); const box = sp.map.getCanvas().getBoundingClientRect();
    return [box.left + pt.x, box.top + pt.y]; }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """The seed article (given a link) and the first corpus articles, through `pipeline run`."""
    from pipeline.cli import main

    tmp = tmp_path_factory.mktemp("browser")
    seed = dict(json.loads(SEED.read_text(encoding="utf-8").splitlines()[0]), url=SEED_URL)
    lines = [json.dumps(seed) + "\n"]
    if CORPUS.is_file():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
            lines += itertools.islice(f, N_CORPUS)
    source, db = tmp / "articles.jsonl", tmp / "faultline.duckdb"
    source.write_text("".join(lines), encoding="utf-8")
    assert main(["run", "--input", str(source), "--db", str(db), "--quiet"]) == 0
    return db


@pytest.fixture(scope="module")
def server(store, tmp_path_factory):
    """`streamlit run streamlit_app.py` on a free local port, reading the test store."""
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = dict(os.environ, FAULTLINE_DB=str(store))
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "streamlit_app.py",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start:\n{log.read_text()}")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def seed_day(db: Path) -> str:
    """The seed article's date: a URL narrowed to it shows the seed alone."""
    with duckdb.connect(str(db), read_only=True) as con:
        day, others = con.execute(
            """SELECT any_value(date) FILTER (WHERE url = ?),
                      count(*) FILTER (WHERE url <> ? AND date = (SELECT date FROM articles
                                                                  WHERE url = ?))
               FROM articles""",
            [SEED_URL] * 3,
        ).fetchone()
    assert others == 0, "a corpus article shares the seed's date"
    return day.isoformat()


def city_to_click(db: Path) -> tuple[str, str, float, float]:
    """The seed's most mentioned city (a map point) whose sentences name an actor."""
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(
            """
            SELECT p.place_id, any_value(p.name), avg(p.lon), avg(p.lat)
            FROM places p JOIN shapes s USING (place_id) JOIN articles a USING (article_id)
            WHERE a.url = ? AND p.kind = 'city' AND s.geojson LIKE '%"Point"%' AND EXISTS (
                SELECT 1 FROM actor_mentions m WHERE m.article_id = p.article_id
                AND m.start >= p.sentence_start AND m.start < p.sentence_end)
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
            [SEED_URL],
        ).fetchone()
    if row is None:
        pytest.skip("the seed has no city mentioned next to an actor")
    return row


def disputed_places(db: Path) -> set[str]:
    """The seed's disputed areas (Crimea: UA/RU), which the map draws with their own outline."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            """SELECT DISTINCT p.place_id FROM places p JOIN shapes s USING (place_id)
               JOIN articles a USING (article_id)
               WHERE a.url = ? AND p.label ILIKE '%disputed%' AND s.geojson LIKE '%Polygon%'""",
            [SEED_URL],
        ).fetchall()
    return {r[0] for r in rows}


def read_export(path: str) -> pd.DataFrame:
    """A downloaded CSV after its provenance line."""
    text = Path(path).read_text(encoding="utf-8")
    assert text.startswith("# Faultline export"), text[:80]
    return pd.read_csv(io.StringIO(text), skiprows=1)


NETWORK_DRAWN = """() => [...document.querySelectorAll('.js-plotly-plot')].some(
    g => g.data && g.data.some(t => t.name === 'countries') && g.getBoundingClientRect().width > 0)"""
NODE_OF = """() => { const gd = [...document.querySelectorAll('.js-plotly-plot')].find(
        g => g.data && g.data.some(t => t.name === 'countries'));
    gd.scrollIntoView({block: 'center'});
    const t = gd.data.find(t => t.name === 'countries'), L = gd._fullLayout;
    const box = gd.getBoundingClientRect();
    return [box.left + L._size.l + L.xaxis.l2p(t.x[0]), box.top + L._size.t + L.yaxis.l2p(t.y[0]),
            t.customdata[0][0], t.text[0]]; }"""
DISPUTED_DRAWN = """() => document.querySelector('.js-plotly-plot').data
    .filter(t => (t.name || '').startsWith('Disputed')).flatMap(t => t.locations)"""


def test_dashboard_in_chromium(server, store):
    from playwright.sync_api import expect, sync_playwright

    place_id, name, lon, lat = city_to_click(store)
    day = seed_day(store)
    requests, outside, opened = [], [], []

    def only_local(route):
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url == SEED_URL:  # the article link, answered here: the test stays offline
            opened.append(url)
            route.fulfill(status=200, content_type="text/html", body="<title>seed</title>")
        elif url.startswith(("http:", "https:", "ws:", "wss:")) and host not in LOCAL_HOSTS:
            outside.append(url)
            route.abort()
        else:
            route.continue_()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(
                viewport={"width": 1400, "height": 1000}, accept_downloads=True
            )
            context.route("**/*", only_local)
            page = context.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(server)  # the whole store: the README's screenshot
            page.wait_for_selector("canvas.maplibregl-canvas", timeout=60_000)
            page.wait_for_function(MAP_READY, timeout=30_000)
            expect(
                page.get_by_text("No filter: every panel shows the whole store.")
            ).to_be_visible()
            page.wait_for_timeout(1500)
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))

            page.goto(f"{server}/?start={day}&end={day}")  # a shared link: the seed's day alone
            page.wait_for_function(MAP_READY, timeout=30_000)
            expect(page.get_by_text(f"Filtered by dates {day} – {day}")).to_be_visible(
                timeout=20_000
            )
            disputed = disputed_places(store)
            if disputed:
                expect(page.locator(".legendtext", has_text="Disputed").first).to_be_attached(
                    timeout=10_000
                )
            assert set(page.evaluate(DISPUTED_DRAWN)) == disputed

            xy = page.evaluate(PIXEL_OF, [lon, lat])
            page.mouse.move(*xy)  # plotly selects on click what the hover found under the pointer
            expect(page.locator(".hoverlayer .hovertext").first).to_contain_text(
                name, timeout=10_000
            )
            page.mouse.click(*xy)
            picker = page.get_by_role("combobox", name="Place (or click one on the map)")
            expect(picker).to_have_value(re.compile(re.escape(name)), timeout=20_000)
            expect(page.get_by_text("in sentences about this place")).to_be_visible(timeout=20_000)
            page.wait_for_function(
                "id => new URLSearchParams(location.search).get('place') === id", arg=place_id
            )
            picked_url = page.url
            page.wait_for_function(MAP_READY, timeout=30_000)

            with page.expect_download(timeout=20_000) as info:
                page.get_by_text("Actors (CSV)", exact=True).click()
            actors = read_export(info.value.path())

            # an evidence row leads to its article: pick the first place mention, open its link
            table = page.locator(".st-key-place_mentions_table")
            box = table.bounding_box()
            page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's checkbox
            link = page.locator(".evidence a").first
            expect(link).to_have_attribute("href", SEED_URL, timeout=20_000)
            expect(page.locator(".evidence mark").first).to_have_text(name)
            with page.expect_popup(timeout=20_000) as popup:
                link.click()
            expect(popup.value).to_have_url(SEED_URL, timeout=20_000)
            popup.value.close()

            page.get_by_role("button", name="Clear", exact=True).click()
            expect(picker).to_have_value("All places", timeout=20_000)
            expect(page.get_by_text("in sentences about this place")).to_have_count(
                0, timeout=20_000
            )
            page.wait_for_function("() => !new URLSearchParams(location.search).has('place')")
            page.go_back()  # back to the picked place
            expect(picker).to_have_value(re.compile(re.escape(name)), timeout=20_000)
            expect(page).to_have_url(picked_url)
            page.go_forward()
            expect(picker).to_have_value("All places", timeout=20_000)

            page.get_by_text("Rank", exact=True).click()  # one row per actor; a row opens its page
            expect(page.get_by_text("Pick an actor to open their page.")).to_be_visible(
                timeout=20_000
            )
            box = page.locator(".st-key-actors_table").bounding_box()
            page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
            expect(page.get_by_role("tab", name="Actor")).to_have_attribute(
                "aria-selected", "true", timeout=20_000
            )
            expect(page.get_by_text("with them as source or target")).to_be_visible()
            page.wait_for_function(
                "() => new URLSearchParams(location.search).get('tab') === 'Actor'"
                " && new URLSearchParams(location.search).has('actor')"
            )

            shared = context.new_page()  # a copied URL, opened afresh, restores the whole view
            shared.goto(f"{picked_url}&tab=Events&flagged=fact&period=week")
            expect(shared.get_by_role("tab", name="Events")).to_have_attribute(
                "aria-selected", "true", timeout=60_000
            )
            for key, label in (("flagged", "stated as fact"), ("period", "week")):
                checked = shared.locator(f".st-key-{key} label:has(input:checked)")
                expect(checked).to_have_text(label, timeout=20_000)
            expect(
                shared.get_by_text(f"Filtered by dates {day} – {day} · place {name}")
            ).to_be_visible()
            expect(shared.get_by_text("placed at or naming this place")).to_be_visible()
            expect(shared.locator(".st-key-events_table canvas").first).to_be_visible()
            shared.wait_for_timeout(2000)
            shared.screenshot(path=str(SCREENSHOT.with_name("screenshot_events.png")))
            shared.get_by_role("tab", name="Rising").click()
            expect(shared.get_by_text("Rising and falling")).to_be_visible(timeout=20_000)
            shared.wait_for_function("() => location.search.includes('tab=Rising')")

            shared.get_by_role("tab", name="Hotspots").click()  # the network: a country filters
            shared.wait_for_function("() => location.search.includes('tab=Hotspots')")
            shared.wait_for_function(NETWORK_DRAWN, timeout=20_000)
            shared.wait_for_timeout(1000)  # the run that drew the tab is over
            x, y, code, country = shared.evaluate(NODE_OF)
            filtered = shared.get_by_text(f"country {country} ({code})")
            for _ in range(3):  # a click landing while a rerun redraws the chart is lost
                shared.mouse.move(x, y)
                expect(shared.locator(".hoverlayer .hovertext").first).to_contain_text(
                    "click to filter", timeout=10_000
                )
                shared.mouse.click(x, y)
                try:
                    expect(filtered).to_be_visible(timeout=10_000)
                    break
                except AssertionError:
                    x, y, code, country = shared.evaluate(NODE_OF)
            expect(filtered).to_be_visible()
            shared.wait_for_function(
                "c => new URLSearchParams(location.search).get('country') === c", arg=code
            )
            shared.close()
        finally:
            browser.close()

    with duckdb.connect(str(store), read_only=True) as con:
        sentences = {
            r[0]
            for r in con.execute(
                "SELECT sentence FROM places WHERE place_id = ?", [place_id]
            ).fetchall()
        }
        n_all = con.execute(
            "SELECT count(DISTINCT (actor_id, sentence_start)) FROM actor_mentions"
        ).fetchone()[0]
    assert 0 < len(actors) < n_all
    assert set(actors.sentence) <= sentences
    assert set(actors.url) == {SEED_URL}
    assert opened == [SEED_URL]
    assert outside == []
    assert all(
        (urlparse(u).hostname or "") in LOCAL_HOSTS
        for u in requests
        if u.startswith("http") and u != SEED_URL
    )
