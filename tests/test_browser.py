"""End-to-end: the dashboard in headless Debian chromium, offline, against a store the pipeline
built.
"""

from __future__ import annotations

import io
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
def server(seed_store, tmp_path_factory):
    """`streamlit run streamlit_app.py` on a free local port, reading the seed store."""
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = dict(os.environ, FAULTLINE_DB=str(seed_store))
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


def city_to_click(db: Path) -> tuple[str, str, float, float]:
    """The most mentioned city (a map point) whose sentences name an actor."""
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("""
            SELECT p.place_id, any_value(p.name), avg(p.lon), avg(p.lat)
            FROM places p JOIN shapes s USING (place_id)
            WHERE p.kind = 'city' AND s.geojson LIKE '%"Point"%' AND EXISTS (
                SELECT 1 FROM actor_mentions m WHERE m.article_id = p.article_id
                AND m.start >= p.sentence_start AND m.start < p.sentence_end)
            GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""").fetchone()
    if row is None:
        pytest.skip("the seed store has no city mentioned next to an actor")
    return row


def disputed_places(db: Path) -> set[str]:
    """Place ids of the disputed areas (Crimea: UA/RU) the map draws with their own outline."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("""SELECT DISTINCT p.place_id FROM places p JOIN shapes s USING (place_id)
                              WHERE p.label ILIKE '%disputed%' AND s.geojson LIKE '%Polygon%'""").fetchall()
    return {r[0] for r in rows}


DISPUTED_DRAWN = """() => document.querySelector('.js-plotly-plot').data
    .filter(t => (t.name || '').startsWith('Disputed')).flatMap(t => t.locations)"""


def test_dashboard_in_chromium(server, seed_store):
    from playwright.sync_api import expect, sync_playwright

    place_id, name, lon, lat = city_to_click(seed_store)
    requests, outside = [], []

    def only_local(route):
        host = urlparse(route.request.url).hostname or ""
        if (
            route.request.url.startswith(("http:", "https:", "ws:", "wss:"))
            and host not in LOCAL_HOSTS
        ):
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page.route("**/*", only_local)
            page.on("request", lambda r: requests.append(r.url))
            page.goto(server)
            page.wait_for_selector("canvas.maplibregl-canvas", timeout=60_000)
            page.wait_for_function(MAP_READY, timeout=30_000)
            disputed = disputed_places(seed_store)
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
            page.wait_for_function(MAP_READY, timeout=30_000)
            page.wait_for_timeout(1500)
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT))

            with page.expect_download(timeout=20_000) as info:
                page.get_by_text("Actors (CSV)", exact=True).click()
            actors = pd.read_csv(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8")))

            page.get_by_role("button", name="Clear").click()
            expect(picker).to_have_value("All places", timeout=20_000)
            expect(page.get_by_text("in sentences about this place")).to_have_count(
                0, timeout=20_000
            )
        finally:
            browser.close()

    with duckdb.connect(str(seed_store), read_only=True) as con:
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
    assert outside == []
    assert all(
        (urlparse(u).hostname or "") in LOCAL_HOSTS for u in requests if u.startswith("http")
    )
