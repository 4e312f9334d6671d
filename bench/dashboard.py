"""The dashboard on a large store, as a visitor meets it: the server's first run, filter runs, the
bytes a fresh page load sends to the browser, and the server's memory.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

__all__ = ["LIMITS", "measure"]

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"
CHROMIUM = Path("/usr/bin/chromium")
LIMITS = {  # issue 15's limits, reported beside each figure
    "first_run_seconds": 3.0,
    "filter_p95_seconds": 1.0,
    "first_load_payload_kb": 600,
    "server_rss_mb": 1536,
}


def _app_runs(db: Path) -> dict:
    """Server seconds of a cold first run, a fresh session's run, and each filter change (AppTest:
    the script as the server runs it, without a browser).
    """
    from streamlit.testing.v1 import AppTest

    os.environ["FAULTLINE_DB"] = str(db)
    t = time.perf_counter()
    at = AppTest.from_file(str(APP), default_timeout=900).run()
    cold = time.perf_counter() - t
    t = time.perf_counter()
    fresh = AppTest.from_file(str(APP), default_timeout=900).run()
    warm = time.perf_counter() - t
    changes = []
    for key, values in _choices(db):
        if key == "tab":  # tabs draw lazily: opening one is an interaction of its own
            steps = [lambda v=v: fresh.session_state.__setitem__("tab", v) for v in values]
        else:
            default = next(w for w in _widgets(fresh) if w.key == key).value
            steps = [
                lambda v=v, k=key: next(w for w in _widgets(fresh) if w.key == k).set_value(v)
                for v in [*values, default]
            ]
        for step in steps:
            step()
            t = time.perf_counter()
            fresh.run()
            changes.append(time.perf_counter() - t)
    changes.sort()
    p95 = changes[min(len(changes) - 1, int(0.95 * len(changes)))] if changes else None
    return {
        "first_run_seconds": round(cold, 2),
        "fresh_session_run_seconds": round(warm, 2),
        "filter_runs": len(changes),
        "filter_median_seconds": round(statistics.median(changes), 2) if changes else None,
        "filter_p95_seconds": round(p95, 2) if p95 is not None else None,
        "exceptions": len(at.exception) + len(fresh.exception),
        "app_process_rss_mb": round(psutil.Process().memory_info().rss / 2**20),
    }


def _choices(db: Path) -> list[tuple[str, list]]:
    """The interactions measured, in order: per filter widget three values an analyst would pick
    (the most frequent actors, countries, types and places), each set in turn and then back to
    the default; then each tab opened, the Events tab's period changed. Values, not labels:
    AppTest maps a widget's value through its format_func.
    """
    import duckdb

    top = {
        "actor": "SELECT actor_id FROM actors GROUP BY 1 ORDER BY sum(n_mentions) DESC, 1",
        "country": "SELECT country FROM actors WHERE country IS NOT NULL GROUP BY 1"
        " ORDER BY count(*) DESC, 1",
        "types": "SELECT type FROM indicators GROUP BY 1 ORDER BY count(*) DESC, 1",
        "place": "SELECT place_id FROM places GROUP BY 1 ORDER BY count(*) DESC, 1",
    }
    with duckdb.connect(str(db), read_only=True) as con:
        picked = {k: [r[0] for r in con.execute(f"{q} LIMIT 3").fetchall()] for k, q in top.items()}
    return [
        ("actor", picked["actor"]),
        ("country", picked["country"]),
        ("types", [[t] for t in picked["types"]]),
        ("metric", ["mentions", "events"]),
        ("place", picked["place"]),
        ("tab", ["Events"]),
        ("period", ["day", "week", "month"]),
        ("tab", ["Hotspots", "Rising", "Actor", "Map"]),
    ]


def _widgets(at) -> list:
    out = []
    for kind in ("selectbox", "multiselect", "radio", "segmented_control", "date_input"):
        out += list(getattr(at, kind, []))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _browser_load(db: Path) -> dict:
    """A real server and a fresh chromium page: websocket bytes until the map is drawn, the time
    it took and the server's memory after.
    """
    if not CHROMIUM.exists():
        return {"skipped": "no /usr/bin/chromium"}
    from playwright.sync_api import sync_playwright

    port = _free_port()
    env = dict(os.environ, FAULTLINE_DB=str(db))
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--server.address", "127.0.0.1"]
    server = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        received = [0]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.on(
                "websocket",
                lambda ws: ws.on(
                    "framereceived",
                    lambda payload: received.__setitem__(0, received[0] + len(payload)),
                ),
            )
            t = time.perf_counter()
            page.goto(url)
            page.wait_for_selector(".js-plotly-plot", timeout=600_000)
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=600_000
            )
            seconds = time.perf_counter() - t
            browser.close()
        rss = psutil.Process(server.pid).memory_info().rss
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "first_load_payload_kb": round(received[0] / 1024),
        "browser_load_seconds": round(seconds, 2),
        "server_rss_mb": round(rss / 2**20),
    }


def measure(db: Path) -> dict:
    """All four figures on the store at `db`, each beside its limit."""
    out = {**_app_runs(db), **_browser_load(db)}
    out["limits"] = LIMITS
    out["within_limits"] = {
        k: (out.get(k) is not None and out[k] <= v) for k, v in LIMITS.items() if k in out
    }
    return out
