"""The jurist's tasks in a real browser, as a user does them: from the front page, by clicking
links and typing into forms. Debian's Chromium driven by Playwright against the service
under uvicorn with the bundled graph.

Every page a task reaches is also inspected at 1400 and 390 px: no sideways scrolling at
390 px, no serious or critical accessibility violation (axe-core from ``tests/js``, installed
by ``make install-test``), and a full-page screenshot under the run's output folder
(``HJEMMEL_SCREENSHOTS`` or ``screenshots/`` under pytest's base temporary folder). No request
may leave the service: every request the browser makes is recorded, foreign ones are
aborted, and the test fails if there was one.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from live_server import live_service
from playwright.sync_api import Error as PlaywrightError
from test_pages_browser import CHROMIUM, CHROMIUM_ARGS

from graph.store import Store

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1400, 390)
HEIGHT = 900
BLOCKING_IMPACTS = {"serious", "critical"}
HOL_12_5 = "/lov/2011-06-24-30/paragraf/12-5"
VIRKSOMHETSLEDER = "Virksomhetsleder skal sørge for at praksis i egen virksomhet"


@pytest.fixture(scope="module")
def base_url(embedded_store: Store) -> Iterator[str]:
    with live_service(embedded_store) as url:
        yield url


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run make install-test (npm ci --prefix tests/js)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    configured = os.environ.get("HJEMMEL_SCREENSHOTS")
    if configured:
        folder = Path(configured).resolve()
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = tmp_path_factory.getbasetemp() / "screenshots"
        folder.mkdir(exist_ok=True)
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():
            reporter.ensure_newline()
            reporter.write_line(f"screenshots: {folder}")
    else:
        print(f"screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: run tests/system-deps.sh (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Requests:
    """Every request the browser made, and those that went anywhere but the service."""

    origin: str
    seen: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    aborted: list[str] = field(default_factory=list)

    def record(self, url: str) -> None:
        self.seen.append(url)
        if not self.own(url):
            self.foreign.append(url)

    def own(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def route(self, route: Any) -> None:
        """Lets requests to the service through and aborts every other one."""
        if self.own(route.request.url):
            route.continue_()
        else:
            self.aborted.append(route.request.url)
            route.abort("blockedbyclient")

    def watch(self, context: Any) -> None:
        context.on("request", lambda request: self.record(request.url))
        context.route("**/*", self.route)


@dataclass
class Inspector:
    """Checks each page a task reaches at every width, and screenshots it."""

    folder: Path
    axe_source: str
    inspected: list[str] = field(default_factory=list)

    def __call__(self, page: Any, name: str) -> None:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.wait_for_function(f"window.innerWidth === {width}")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, (
                f"{name} scrolls sideways at {width} px: scrollWidth {scroll_width}"
            )
            problems = _axe_violations(page, self.axe_source)
            assert not problems, f"{name} at {width} px:\n" + "\n".join(problems)
            page.screenshot(path=str(self.folder / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        self.inspected.append(name)


def _axe_violations(page: Any, source: str) -> list[str]:
    """Serious and critical axe-core violations on the page, one line per element."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(source)
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    lines = []
    for violation in result:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            lines.append(
                f"  [{violation['impact']}] {violation['id']}: {violation['help']} — "
                f"{' '.join(map(str, node['target']))}: {node.get('failureSummary', '')}"
            )
    return lines


@pytest.fixture(scope="module")
def inspect(screenshots: Path, axe_source: str) -> Inspector:
    return Inspector(screenshots, axe_source)


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(
        locale="nb-NO", viewport={"width": WIDTHS[0], "height": HEIGHT}, service_workers="block"
    )
    requests = Requests(base_url)
    requests.watch(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    assert requests.seen, "the browser made no request at all"
    assert not requests.foreign, f"requests left the service: {requests.foreign}"


def _start(page: Any, base_url: str, inspect: Inspector) -> None:
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text().startswith("Hjemmel")
    if "front" not in inspect.inspected:
        inspect(page, "front")


def _search(page: Any, field: Any, text: str) -> None:
    field.fill(text)
    field.press("Enter")
    page.wait_for_load_state()


def _rgb(css: str) -> tuple[int, int, int]:
    found = re.findall(r"\d+", css)
    assert len(found) >= 3, css
    red, green, blue = (int(v) for v in found[:3])
    return red, green, blue


def _reddish(css: str) -> bool:
    red, green, blue = _rgb(css)
    return red > 150 and red > green + 60 and red > blue + 60


def test_what_rests_on_hol_12_5(page: Any, base_url: str, inspect: Inspector) -> None:
    _start(page, base_url, inspect)
    _search(page, page.get_by_role("main").get_by_role("searchbox"), "hol § 12-5")
    page.wait_for_url(base_url + HOL_12_5)
    assert "§ 12-5" in page.locator("h1").inner_text()
    rests = page.locator("section.rests")
    assert rests.get_by_role("heading", name="Hva hviler på bestemmelsen").is_visible()
    product = rests.get_by_role(
        "link", name="Nasjonal veileder for prioriteringer i kommunale helse- og omsorgstjenester"
    )
    assert product.is_visible()
    assert rests.get_by_role("link", name="Helsedirektoratet").is_visible()
    inspect(page, "provision")

    product.click()
    page.wait_for_url(re.compile(r"/produkt/nasjonal-veileder-for-prioriteringer"))
    assert page.locator("h1").inner_text().startswith("Nasjonal veileder for prioriteringer")
    assert page.locator(f'main a[href^="{HOL_12_5}"]').first.is_visible()
    inspect(page, "product")

    page.go_back()
    page.wait_for_url(base_url + HOL_12_5)
    page.get_by_role("navigation", name="Plassering i loven").get_by_role(
        "link", name="Helse- og omsorgstjenesteloven"
    ).click()
    page.wait_for_url(base_url + "/lov/2011-06-24-30")
    assert "helse- og omsorgstjenesteloven" in page.locator("h1").inner_text().lower()
    assert page.locator(f'main a[href^="{HOL_12_5}"]').count() >= 1
    inspect(page, "act")


def test_trace_a_skal_recommendation_that_lacks_a_basis(
    page: Any, base_url: str, inspect: Inspector
) -> None:
    _start(page, base_url, inspect)
    without_basis = page.locator('section[aria-labelledby="uten-hjemmel"]')
    without_basis.get_by_role("link", name=re.compile("^" + VIRKSOMHETSLEDER)).click()
    page.wait_for_url(re.compile(r"/anbefaling/virksomhetsleder-skal-sorge-for"))
    assert page.locator("h1").inner_text().startswith(VIRKSOMHETSLEDER)
    alert = page.get_by_role("alert")
    assert alert.is_visible()
    assert "mangler hjemmel i lov eller forskrift" in alert.inner_text()
    assert page.locator("dl.facts .basis-missing").inner_text() == "mangler"

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        trace = page.locator("section.trace-lane").first.locator("svg.trace-svg:visible")
        assert trace.count() == 1, f"one visible trace at {width} px"
        missing = trace.locator("g.node-missing")
        assert missing.get_attribute("aria-label", timeout=1000) == (
            "Mangler hjemmel: Skal-anbefalingen mangler hjemmel i lov eller forskrift"
        )
        assert missing.is_visible()
        rect = missing.locator("rect")
        stroke = rect.evaluate("el => getComputedStyle(el).stroke")
        assert _reddish(stroke), f"the missing basis is drawn in {stroke} at {width} px"
        edge = trace.locator("line.edge-missing")
        assert _reddish(edge.evaluate("el => getComputedStyle(el).stroke"))
        assert trace.get_by_text("Mangler hjemmel", exact=True).is_visible()
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    inspect(page, "recommendation")


def test_skal_and_bor_conflict_on_pasientjournalforskriften_6_g(
    page: Any, base_url: str, inspect: Inspector
) -> None:
    _start(page, base_url, inspect)
    page.locator("header.site nav").get_by_role("link", name="Overlapp").click()
    page.wait_for_url(base_url + "/overlapp")
    page.get_by_label("Bestemmelse").select_option(
        label="Pasientjournalforskriften § 6 første ledd bokstav g"
    )
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url(re.compile(r"/overlapp\?.*bestemmelse=forskrift"))
    conflict = page.locator("li.overlap-conflict")
    assert conflict.count() == 1
    assert conflict.locator(".badge-conflict").inner_text() == "Konflikt"
    assert conflict.locator(".badge-conflict").is_visible()
    assert "«skal» mot «bør»" in conflict.locator(".overlap-kind").inner_text()
    sides = conflict.locator(".side")
    assert [s.locator(".strength").inner_text() for s in sides.all()] == ["skal", "bør"]
    assert "Pasientjournalforskriften § 6" in conflict.locator(".reasons").inner_text()
    inspect(page, "overlaps")

    sides.first.get_by_role("link", name=re.compile("^Dersom helsepersonell")).click()
    page.wait_for_url(re.compile(r"/anbefaling/dersom-helsepersonell"))
    skal_basis = page.locator("main").get_by_role(
        "link", name="pasientjournalforskriften § 6 bokstav g"
    )
    assert skal_basis.first.is_visible()

    page.go_back()
    page.wait_for_url(re.compile(r"/overlapp\?"))
    page.locator("li.overlap-conflict .side").nth(1).get_by_role(
        "link", name=re.compile("^Dersom tjenestene velger")
    ).click()
    page.wait_for_url(re.compile(r"/anbefaling/dersom-tjenestene-velger"))
    basis = page.locator("dl.facts").get_by_role("link", name=re.compile("bokstav g"))
    assert "pasientjournalforskriften § 6 første ledd bokstav g" in basis.inner_text()
    basis.click()
    page.wait_for_url(re.compile(r"/forskrift/2019-03-01-168/paragraf/6#ledd-1-bokstav-g$"))
    point = page.locator("#ledd-1-bokstav-g")
    assert point.is_visible()
    assert "fraviker fra gjeldende retningslinjer" in point.inner_text()


def test_handlingsrom_of_a_target_group(page: Any, base_url: str, inspect: Inspector) -> None:
    _start(page, base_url, inspect)
    page.locator("#malgrupper-tabell").get_by_role(
        "link", name="ledere i helse- og omsorgstjenestene", exact=True
    ).click()
    page.wait_for_url(base_url + "/handlingsrom/ledere-i-helse-og-omsorgstjenestene")
    assert "ledere i helse- og omsorgstjenestene" in page.locator("h1").inner_text()
    headings = [h.strip() for h in page.locator("section.hr-section > h2").all_inner_texts()]
    assert [re.sub(r"\s*\(\d+\)$", "", h) for h in headings] == [
        "Bindende minimum",
        "«Skal» uten hjemmel – omstridt",
        "Råd – her kan dere velge",
    ]
    for section in page.locator("section.hr-section").all():
        assert section.is_visible()
    disputed = page.locator("section.hr-disputed")
    assert disputed.get_by_role("link", name=re.compile("^" + VIRKSOMHETSLEDER)).is_visible()
    advice = page.locator("section.hr-advice")
    assert advice.locator(".strength").all_inner_texts() == ["bør"]
    inspect(page, "handlingsrom")


def test_search_with_an_inflected_and_a_misspelt_word(
    page: Any, base_url: str, inspect: Inspector
) -> None:
    _start(page, base_url, inspect)
    _search(page, page.get_by_role("main").get_by_role("searchbox"), "virksomhetsledere")
    page.wait_for_url(re.compile(r"/sok\?q=virksomhetsledere"))
    hits = page.locator('section.search-group[data-kind="recommendation"] ol.hits a')
    assert hits.first.is_visible()
    assert any(t.startswith(VIRKSOMHETSLEDER) for t in hits.all_inner_texts())
    marked = page.locator("ol.hits mark").all_inner_texts()
    assert "Virksomhetsleder" in marked
    inspect(page, "search")

    _search(page, page.locator("header.site").get_by_role("searchbox"), "forsvarilg")
    page.wait_for_url(re.compile(r"/sok\?q=forsvarilg"))
    summary = page.locator("p.summary").inner_text()
    assert re.match(r"\d+ treff for «forsvarilg»", summary), summary
    marks = [m.lower() for m in page.locator("ol.hits mark").all_inner_texts()]
    assert "forsvarlig" in marks
    assert page.locator("ol.hits mark").first.is_visible()


def test_sparql_and_check_pages(page: Any, base_url: str, inspect: Inspector) -> None:
    _start(page, base_url, inspect)
    nav = page.locator("header.site nav")
    nav.get_by_role("link", name="SPARQL").click()
    page.wait_for_url(base_url + "/sparql")
    page.get_by_role("link", name="«Skal»-anbefalinger uten hjemmel i lov eller forskrift").click()
    page.wait_for_url(re.compile(r"/sparql\?eksempel=skal-uten-hjemmel"))
    page.get_by_role("button", name="Kjør").click()
    page.wait_for_url(re.compile(r"/sparql\?query="))
    results = page.locator("main table")
    assert results.first.is_visible()
    assert VIRKSOMHETSLEDER in results.first.inner_text()
    inspect(page, "sparql")

    nav.get_by_role("link", name="Sjekk en tekst").click()
    page.wait_for_url(base_url + "/sjekk")
    page.get_by_label("Tekst").fill(
        "Virksomhetsleder skal sørge for at praksis regelmessig vurderes. "
        "Tjenestene bør dokumentere avvik, jf. pasientjournalforskriften § 6 bokstav g."
    )
    page.get_by_role("button", name="Sjekk").click()
    page.wait_for_load_state()
    main = page.locator("main")
    assert "skal" in main.inner_text()
    assert main.get_by_text("pasientjournalforskriften § 6", exact=False).first.is_visible()
    inspect(page, "check")


def test_the_checks_can_fail(browser: Any, base_url: str, axe_source: str) -> None:
    """The accessibility check reports a serious violation, the request listener a request
    to another origin (the page's CSP stops an image, the test's route aborts the rest), a
    page too wide for 390 px, and every resource of the front page (favicon too) is found."""
    context = browser.new_context(locale="nb-NO", viewport={"width": 390, "height": HEIGHT})
    requests = Requests(base_url)
    requests.watch(context)
    try:
        page = context.new_page()
        responses: list[tuple[str, int]] = []
        page.on("response", lambda r: responses.append((urlsplit(r.url).path, r.status)))
        page.goto(base_url + "/")
        page.wait_for_load_state("networkidle")
        assert ("/static/favicon.svg", 200) in responses
        assert all(status < 400 for _, status in responses), responses
        assert not _axe_violations(page, axe_source)
        page.evaluate(
            """() => {
              const p = document.createElement('p');
              p.textContent = 'Lys grå tekst på hvitt';
              p.style.cssText = 'color:#ddd;background:#fff;width:600px';
              document.querySelector('main').append(p);
              const img = document.createElement('img');
              img.src = 'https://example.org/sporing.png';
              document.querySelector('main').append(img);
            }"""
        )
        page.wait_for_function("document.querySelector('main img').complete")
        problems = "\n".join(_axe_violations(page, axe_source))
        assert "[serious] color-contrast" in problems
        assert "[critical] image-alt" in problems
        assert page.evaluate("document.documentElement.scrollWidth") > 390
        assert requests.foreign == ["https://example.org/sporing.png"]
        with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
            page.goto("https://example.org/")
        assert requests.aborted == ["https://example.org/"]
        assert requests.foreign == ["https://example.org/sporing.png", "https://example.org/"]
    finally:
        context.close()


def test_every_page_was_inspected(
    inspect: Inspector, screenshots: Path, request: pytest.FixtureRequest
) -> None:
    module = request.node.module
    selected = {item.name for item in request.session.items if item.module is module}
    tasks = {name for name in dir(module) if name.startswith("test_")}
    if not tasks <= selected:
        pytest.skip("only some of the tasks ran")
    expected = {
        "front",
        "search",
        "recommendation",
        "provision",
        "product",
        "act",
        "overlaps",
        "handlingsrom",
        "sparql",
        "check",
    }
    assert expected <= set(inspect.inspected)
    for name in expected:
        for width in WIDTHS:
            shot = screenshots / f"{name}-{width}.png"
            assert shot.stat().st_size > 1000, shot
