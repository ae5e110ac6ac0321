"""The handout page in a real browser: Debian's chromium, driven by Playwright (which never
downloads a browser here), against a real `pdfgen serve`."""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import cups_scheduler
import mail_helpers
import pypdf
import pytest
import serve_helpers
from conftest import run, succeeds
from cups_scheduler import Scheduler, needs_cups
from mail_helpers import mail_env, received

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api", reason="needs the test extra's "
                                 "playwright (pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=(
    "needs Debian's chromium (apt-get install chromium; .ci/run installs it as root)"))
# Fixtures of other modules: `pdfgen serve` of the test's own, a mail server, a CUPS queue.
start, smtp, cups = serve_helpers.start, mail_helpers.smtp, cups_scheduler.cups
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "the-clinics-own-token-42"


@pytest.fixture
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def preview_says(page: object, text: str) -> None:
    # (Playwright's expect, not wait_for_function: the page's CSP forbids the eval it uses.)
    playwright.expect(page.locator("#preview-note")).to_have_text(  # type: ignore[attr-defined]
        text, timeout=60_000)


def downloaded(page: object, button: str, folder: Path) -> Path:
    """Click the button and keep the file the page downloads, under the name it gives it."""
    with page.expect_download() as waiting:  # type: ignore[attr-defined]
        page.click(button)  # type: ignore[attr-defined]
    saved = folder / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    return saved


def test_fill_the_form_see_the_preview_change_and_download_the_pdf(
        demo: Path, start, browser, tmp_path: Path) -> None:
    server = start()
    page = browser.new_page(accept_downloads=True)
    page.goto(server.url + "/")
    preview_says(page, "back-pain-level-2.pdf: 4 pages")
    assert page.locator("#pages img").count() == 4
    page.fill("#patient", "Jane Example")
    page.fill("#date", "2026-11-24")
    preview_says(page, "back-pain-level-2-jane-example.pdf: 4 pages")
    page.select_option("#layout", "compact")
    preview_says(page, "back-pain-level-2-jane-example-compact.pdf: 1 page")
    assert page.locator("#pages img").count() == 1
    saved = downloaded(page, "#download", tmp_path)
    assert saved.name == "back-pain-level-2-jane-example-compact.pdf"
    data = saved.read_bytes()
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1
    succeeds(run("handout", "--level", "2", "--patient", "Jane Example", "--date",
                 "2026-11-24", "--layout", "compact", cwd=demo))
    assert data == (demo / "out" / saved.name).read_bytes()


def test_a_draft_downloads_for_the_clinics_mail_program_without_a_mail_server(
        demo: Path, start, browser, tmp_path: Path) -> None:
    import email
    from email import policy

    server = start()  # no mail server set up
    page = browser.new_page(accept_downloads=True)
    page.goto(server.url + "/")
    preview_says(page, "back-pain-level-2.pdf: 4 pages")
    page.fill("#patient", "Jane Example")
    page.fill("#to", "jane@example.com")
    saved = downloaded(page, "#draft", tmp_path)
    assert saved.name == "back-pain-level-2-jane-example.eml"
    message = email.message_from_bytes(saved.read_bytes(), policy=policy.default)
    assert message["To"] == "jane@example.com" and message["X-Unsent"] == "1"
    playwright.expect(page.locator("#status")).to_have_text(  # type: ignore[attr-defined]
        "Downloaded back-pain-level-2-jane-example.eml: open it in your mail program, read "
        "it over and send it.")
    assert saved.read_bytes() == (demo / "out" / saved.name).read_bytes()


def test_a_mistake_shows_beside_its_field_in_the_command_lines_words(start, browser) -> None:
    server = start()
    page = browser.new_page()
    page.goto(server.url + "/")
    preview_says(page, "back-pain-level-2.pdf: 4 pages")
    page.fill("#log", "13")
    playwright.expect(page.locator("#err-log")).to_have_text(
        "--log 13: expected a number of weeks from 0 to 12", timeout=60_000)
    assert page.get_attribute("#log", "aria-invalid") == "true"


def test_an_opened_plan_prints_as_the_command_line_prints_it(
        demo: Path, start, browser, tmp_path: Path) -> None:
    """Open fills the form from a saved plan and the handout is the plan's, byte for byte:
    its warning signs and pain scale (from its routine and level), its introduction, its
    exercises in its order. (It once printed no "Call 911" box, a title of "Your exercise
    plan", and the exercises in the page's order: Kettlebell, Lunge, Squat.)"""
    server = start()
    page = browser.new_page(accept_downloads=True)
    page.goto(server.url + "/")
    preview_says(page, "back-pain-level-2.pdf: 4 pages")
    page.select_option("#plan-open", "example.yaml")
    page.click("#open")
    playwright.expect(page.locator("#status")).to_have_text("Opened example.yaml.",
                                                            timeout=60_000)
    preview_says(page, "back-pain-level-2-jane-example.pdf: 5 pages")
    saved = downloaded(page, "#download", tmp_path)
    succeeds(run("handout", "--plan", "content/plans/example.yaml", cwd=demo))
    made = demo / "out" / saved.name
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(saved).pages)
    assert "Call 911 now if you have:" in text and "How much pain is all right" in text
    assert text.index("Squat") < text.index("Lunge") < text.index("Kettlebell Swing"), text
    assert saved.read_bytes() == made.read_bytes()


def test_a_plan_saved_is_in_the_list_to_open_at_once(start, browser) -> None:
    """(It was there only after a reload; and Open with no plan chosen said "name '.yaml':
    expected letters, digits and dashes", beside Save as.)"""
    server = start()
    page = browser.new_page()
    page.goto(server.url + "/")
    preview_says(page, "back-pain-level-2.pdf: 4 pages")
    page.click("#open")
    playwright.expect(page.locator("#err-plan")).to_have_text("choose the plan to open",
                                                              timeout=60_000)
    page.fill("#patient", "Ana Lee")
    preview_says(page, "back-pain-level-2-ana-lee.pdf: 4 pages")
    page.fill("#plan-name", "ana-lee")
    page.click("#save")
    playwright.expect(page.locator("#status")).to_have_text(
        "Saved content/plans/ana-lee.yaml.", timeout=60_000)
    page.select_option("#plan-open", "ana-lee.yaml")
    page.click("#open")
    playwright.expect(page.locator("#status")).to_have_text("Opened ana-lee.yaml.",
                                                            timeout=60_000)
    assert page.input_value("#patient") == "Ana Lee"


def test_a_plan_opened_changed_and_saved_again_replaces_its_file_once_confirmed(
        demo: Path, start, browser) -> None:
    """Open Jane's plan, change it, Save: the page asks before it replaces the file, and a
    No keeps the file as it was. (Save as was left empty on Open, and a plan's own name was
    refused "already exists" with no way to replace it from the page.)"""
    plan = demo / "content/plans/example.yaml"
    before = plan.read_text(encoding="utf-8")
    server = start()
    page = browser.new_page()
    page.goto(server.url + "/")
    preview_says(page, "back-pain-level-2.pdf: 4 pages")
    page.select_option("#plan-open", "example.yaml")
    page.click("#open")
    preview_says(page, "back-pain-level-2-jane-example.pdf: 5 pages")
    assert page.input_value("#plan-name") == "example.yaml"
    page.fill("#patient", "Jane Sample")
    asked: list[str] = []

    def answer(dialog: object, accept: bool) -> None:
        asked.append(dialog.message)  # type: ignore[attr-defined]
        dialog.accept() if accept else dialog.dismiss()  # type: ignore[attr-defined]

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.click("#save")
    playwright.expect(page.locator("#status")).to_have_text(
        "Not saved: content/plans/example.yaml is kept as it was.", timeout=60_000)
    assert plan.read_text(encoding="utf-8") == before
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.click("#save")
    playwright.expect(page.locator("#status")).to_have_text(
        "Saved content/plans/example.yaml.", timeout=60_000)
    assert asked == ["content/plans/example.yaml already exists. Replace it with this plan?"] * 2
    assert "patient: Jane Sample" in plan.read_text(encoding="utf-8")
    assert page.locator("#err-name").count() == 0 or page.inner_text("#err-name") == ""


def test_a_failed_action_s_message_stays_when_the_preview_runs(start, browser) -> None:
    """Typing an address and clicking E-mail: the field's change starts a preview as the
    button is pressed, and its good answer wiped the action's mistake 0.3 s after it showed."""
    server = start()
    page = browser.new_page()
    page.goto(server.url + "/")
    preview_says(page, "back-pain-level-2.pdf: 4 pages")
    page.fill("#patient", "Dan Example")
    page.fill("#to", "dan@")
    page.click("#email")
    said = "--to 'dan@': not an e-mail address"
    playwright.expect(page.locator("#err-to")).to_contain_text(said, timeout=60_000)
    preview_says(page, "back-pain-level-2-dan-example.pdf: 4 pages")
    page.wait_for_timeout(1500)
    playwright.expect(page.locator("#err-to")).to_contain_text(said)


def test_the_keyboard_alone_reaches_download_and_gets_the_pdf(start, browser) -> None:
    server = start()
    page = browser.new_page(accept_downloads=True)
    page.goto(server.url + "/")
    preview_says(page, "back-pain-level-2.pdf: 4 pages")
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "download":
            break
    else:
        pytest.fail("Tab never reached the Download button")
    with page.expect_download() as waiting:
        page.keyboard.press("Enter")
    assert waiting.value.suggested_filename == "back-pain-level-2.pdf"


def test_it_reads_at_a_tablets_width_without_scrolling_sideways(start, browser) -> None:
    server = start()
    page = browser.new_page(viewport={"width": 768, "height": 1024})
    page.goto(server.url + "/")
    preview_says(page, "back-pain-level-2.pdf: 4 pages")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The form first, the preview under it, each the page's width.
    form, preview = page.locator("#handout").bounding_box(), page.locator(
        "#preview").bounding_box()
    assert preview["y"] > form["y"] + form["height"] - 1


def test_printing_the_page_prints_the_handouts_pages_only(start, browser) -> None:
    server = start()
    page = browser.new_page()
    page.goto(server.url + "/")
    preview_says(page, "back-pain-level-2.pdf: 4 pages")
    page.emulate_media(media="print")
    assert not page.locator("#handout").is_visible()
    assert not page.locator("header.top").is_visible()
    assert page.locator("#pages img").first.is_visible()
    printed = pypdf.PdfReader(io.BytesIO(page.pdf(format="Letter")))
    assert len(printed.pages) == 4


def test_with_a_token_the_page_is_refused_until_signed_in(start, browser) -> None:
    server = start({"PDFGEN_SERVE_TOKEN": TOKEN})
    page = browser.new_page()
    page.goto(server.url + "/")
    assert page.url == server.url + "/signin"
    status = page.evaluate("""async () => (await fetch('/api/handout', {method: 'POST',
        headers: {'Content-Type': 'application/json'}, body: '{"level": 2}'})).status""")
    assert status == 401
    page.fill("#token", "not-the-token-at-all")
    page.click("button[type=submit]")
    assert page.text_content(".error") == "That is not the server's token."
    page.fill("#token", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/")
    preview_says(page, "back-pain-level-2.pdf: 4 pages")
    assert page.evaluate("document.cookie") == ""  # HttpOnly: no script reads it


@needs_cups
def test_a_named_level_2_handout_is_downloaded_printed_and_e_mailed_from_the_page(
        demo: Path, start, browser, cups: Scheduler, smtp, tmp_path: Path) -> None:
    """The issue's end: a new user makes, downloads, prints (to a private CUPS queue) and
    e-mails (to a server on 127.0.0.1) a Level 2 handout for a named patient, in the page."""
    cups.add("front-desk", default=True)
    controller, box = smtp
    server = start({**cups.env, **mail_env(controller.port)})
    page = browser.new_page(accept_downloads=True)
    page.goto(server.url + "/")
    page.fill("#patient", "Jane Example")
    page.fill("#date", "2026-11-24")
    preview_says(page, "back-pain-level-2-jane-example.pdf: 4 pages")
    saved = downloaded(page, "#download", tmp_path)
    page.click("#print")
    playwright.expect(page.locator("#status")).to_have_text(
        "Printed on front-desk (two-sided, Letter, 1 copy): job front-desk-1", timeout=60_000)
    page.fill("#to", "jane@example.com")
    page.click("#email")
    playwright.expect(page.locator("#status")).to_have_text(
        "Sent back-pain-level-2-jane-example.pdf to jane@example.com.", timeout=60_000)
    assert cups.page_log(1) == [["front-desk", "1", "1", "Letter", "two-sided-long-edge",
                                 "Exercise handout"]]
    (attachment,) = list(received(box).iter_attachments())
    assert attachment.get_content() == saved.read_bytes()
    assert saved.read_bytes() == (demo / "out/back-pain-level-2-jane-example.pdf").read_bytes()
    assert len(pypdf.PdfReader(saved).pages) == 4
    # Again: refused in the page's words, then sent once "Send again" is ticked (the page
    # had no way to resend, and said 'ask again with "resend": true').
    page.click("#email")
    playwright.expect(page.locator("#err-form")).to_have_text(re.compile(
        r"this handout was sent to jane@example\.com on \d{4}-\d\d-\d\d \d\d:\d\d \(the "
        r'server took it\); tick "Send again" to send it again'), timeout=60_000)
    assert len(box.received) == 1
    page.check("#resend")
    page.click("#email")
    playwright.expect(page.locator("#status")).to_have_text(
        "Sent back-pain-level-2-jane-example.pdf to jane@example.com.", timeout=60_000)
    assert len(box.received) == 2 and not page.is_checked("#resend")


def test_the_batch_page_uploads_a_list_shows_progress_and_the_report(
        demo: Path, start, browser, tmp_path: Path) -> None:
    server = start()
    patients = tmp_path / "tuesday.csv"
    patients.write_text("name,level,date\nAnn Lee,2,2026-11-24\nBo Ray,9,2026-11-24\n",
                        encoding="utf-8")
    page = browser.new_page()
    page.goto(server.url + "/batch")
    page.set_input_files("#list", str(patients))
    page.click("#run")
    playwright.expect(page.locator("#status")).to_contain_text("Done: 1 built, 1 failed",
                                                               timeout=120_000)
    rows = page.locator("#report tbody tr")
    playwright.expect(rows).to_have_count(2)
    assert "no such level" in rows.nth(1).text_content()
    assert (demo / "out/tuesday/back-pain-level-2-ann-lee.pdf").is_file()
