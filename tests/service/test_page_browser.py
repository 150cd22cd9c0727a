"""The page in a real headless Chromium (Debian's package), driven by Playwright: fill in, read results, why-not.

Outside CI the test skips when Chromium or Playwright is missing; under CI=true it must run (.ci/run installs
Chromium). Set EVA_SCREENSHOTS=1 to write the docs' screenshots (docs/img/pagina-*.png) as well.
"""

import logging
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("litestar")

from eva_core.demo import DEMO_TODAY
from eva_core.service import ServiceOptions, create_app

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("EVA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
DOCS_IMG = Path(__file__).parents[2] / "docs" / "img"

# The smallest contrast WCAG 2.1 AA asks of normal text, and the script that measures every visible text.
AA = 4.5
CONTRASTS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const back = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
  const out = [];
  for (const el of document.querySelectorAll('p, label, li, button, td, th, h1, h2, h3, legend, a, option, .group')) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(back(el));
    out.push([el.tagName + ' ' + el.textContent.trim().slice(0, 30), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
  }
  return out;
}"""


def _needs_browser():
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright is not installed (pip install playwright)"
    if reason is not None:
        if IN_CI:
            pytest.fail(f"the browser test must run under CI: {reason}")
        pytest.skip(reason)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Lines(logging.Handler):
    """Every log line the server writes, to look for a profile's values in."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def logged():
    lines = _Lines()
    loggers = [logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.access", "uvicorn.error", "litestar")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(lines)
        logger.setLevel(logging.DEBUG)
    yield lines.lines
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(lines)
        logger.setLevel(level)


@pytest.fixture
def server(repository, keys, logged):
    """The app with the page, served by uvicorn on loopback in a thread, with its access log on."""
    _needs_browser()
    import uvicorn

    app = create_app(repository, keys=keys[0], options=ServiceOptions(poll_interval=0.05))
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=True)
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not served.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    served.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser():
    _needs_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _expected():
    """The first five names the library ranks for the profile the browser fills in."""
    from eva_core.demo import demo_catalogue
    from eva_core.domain import ClientCharacteristic as C
    from eva_core.domain import ClientProfile, Criteria, Place, Tile
    from eva_core.search import CatalogueIndex

    profile = ClientProfile(
        needs={C.BASISVAARDIGHEDEN: 3, C.SOCIALE_CULTURELE_VAARDIGHEDEN: 2},
        tiles=[Tile.WERK_FIT],
        criteria=Criteria(place=Place(municipality="GM0344"), published_on=DEMO_TODAY),
    )
    return [m.instrument.name for m in CatalogueIndex(demo_catalogue()).rank(profile, limit=5)]


def _screenshot(page, name, tmp_path, at):
    page.screenshot(path=str(tmp_path / name), full_page=True)  # the whole page, for a look after a failure
    if os.environ.get("EVA_SCREENSHOTS") == "1":  # what the professional sees from *at* on, one screen high
        DOCS_IMG.mkdir(exist_ok=True)
        top = page.evaluate(f"document.querySelector('{at}').getBoundingClientRect().top + window.scrollY")
        size = page.viewport_size
        clip = {"x": 0, "y": max(top - 8, 0), "width": size["width"], "height": size["height"]}
        page.screenshot(path=str(DOCS_IMG / name), full_page=True, clip=clip)


def _sign_in(page, server, key):
    page.goto(f"{server}/pagina")
    page.get_by_label("API-sleutel").fill(key)
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("heading", name="Profiel van je klant").wait_for()


def test_a_professional_fills_in_the_form_and_reads_results_and_a_why_not(server, browser, keys, tmp_path, logged):
    page = browser.new_page(viewport={"width": 1100, "height": 900}, locale="nl-NL")
    errors = []
    page.on("pageerror", lambda error: errors.append(error))  # noqa: PLW0108 - Playwright wants a Python function
    _sign_in(page, server, keys[1]["professional"])

    page.get_by_label("Werk fit").check()
    page.get_by_label("6 Basisvaardigheden").select_option(label="3: heel belangrijk")
    page.get_by_label("7 Sociale en culturele vaardigheden").select_option(label="2: belangrijk")
    page.get_by_label("Gemeente van je klant").fill("Utrecht")
    page.get_by_label("Datum").fill(DEMO_TODAY.isoformat())
    page.get_by_role("button", name="Zoek instrumenten").click()

    page.locator("#resultaten ol.results > li").first.wait_for()
    shown = [name.split(". ", 1)[1] for name in page.locator("#resultaten ol.results > li h3").all_inner_texts()]
    assert _expected() == shown[:5]
    assert "werkt aan Basisvaardigheden (+3)" in page.locator("#resultaten").inner_text()
    assert page.get_by_label("Werk fit").is_checked()  # the form keeps the profile for the next question
    assert "Aanbod in Utrecht" in page.get_by_role("heading", name="Aanbod in Utrecht op 28 november 2026").inner_text()
    assert page.url.endswith("/pagina#resultaten")  # no profile in the address
    _screenshot(page, "pagina-resultaten.png", tmp_path, "#resultaten")

    page.get_by_label("Instrument", exact=True).select_option(value="inkomenscoach-zwolle")
    page.get_by_role("button", name="Leg uit").click()
    explanation = page.locator("#uitleg")
    explanation.wait_for()
    assert "Dit instrument valt af voor dit profiel" in explanation.inner_text()
    assert "alleen aangeboden in" in explanation.inner_text()
    _screenshot(page, "pagina-waarom-niet.png", tmp_path, "#uitleg")

    page.get_by_role("button", name=f"Waarom {shown[0]}?").click()
    assert "past bij het profiel" in page.locator("#uitleg").inner_text()
    assert not errors
    requests = [line for line in logged if "POST /pagina" in line]
    assert len(requests) >= 3  # the access log is on and sees every question
    for value in ("Utrecht", "GM0344", "basisvaardigheden", "werk_fit", "inkomenscoach", keys[1]["professional"]):
        assert not [line for line in logged if value in line], value


def test_the_page_works_from_the_keyboard_and_reads_well_on_a_phone(server, browser, keys, tmp_path):
    page = browser.new_page(viewport={"width": 375, "height": 800}, locale="nl-NL", is_mobile=True, has_touch=True)
    _sign_in(page, server, keys[1]["professional"])

    page.keyboard.press("Tab")
    assert "skip" == page.evaluate("document.activeElement.className")
    page.get_by_label("Zoekwoorden").focus()
    page.keyboard.type("taal")
    page.get_by_label("Gemeente van je klant").focus()
    page.keyboard.type("Utrecht")
    page.get_by_label("Datum").fill(DEMO_TODAY.isoformat())
    page.get_by_label("Zoekwoorden").focus()
    page.keyboard.press("Enter")  # implicit submission: the first button, Zoek instrumenten
    page.locator("#resultaten ol.results > li").first.wait_for()

    assert "Taaltraining" in page.locator("#resultaten").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling
    low = [(what, round(ratio, 2)) for what, ratio in page.evaluate(CONTRASTS) if ratio < AA]
    assert not low
    _screenshot(page, "pagina-telefoon.png", tmp_path, "#resultaten")
