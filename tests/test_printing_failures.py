"""A print that cannot happen (no CUPS, no printer, a wrong setting) is one line."""

from __future__ import annotations

import sys
from pathlib import Path

import cups_scheduler
import pytest
from batch_helpers import patients_csv
from conftest import files_in
from cups_scheduler import Scheduler, needs_cups, run

cups = cups_scheduler.cups  # pytest finds fixtures by name in the module


@needs_cups
def test_no_printers_points_to_a_way_to_try_printing(demo: Path, cups: Scheduler) -> None:
    code, out, err = run(demo, cups.env, "printers")
    assert (code, err) == (0, ""), (out, err)
    assert out == ("No printers: add one in your system's printer settings (or, to try "
                   "printing first, a PDF printer: see pdfgen's README, \"Trying it without a "
                   "printer\").\n")
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print")
    assert code == 9
    assert err.splitlines()[-1].startswith(
        "error: not printed: the print service has no printers: add one in your system's "
        "printer settings (or, to try printing first, a PDF printer: see pdfgen's README, "
        "\"Trying it without a printer\"), then see `pdfgen printers`"), err


@needs_cups
def test_an_unknown_printer_is_not_printed_and_names_the_printers(demo: Path,
                                                                  cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    cups.add("office")
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print", "--printer",
                         "frontdesk")
    assert code == 9 and out.startswith("out/back-pain-level-2.pdf  (")
    assert err.splitlines()[-1] == (
        "error: not printed: printer 'frontdesk': no such printer (printers: front-desk, "
        "office); choose one with --printer NAME (the handout is saved: "
        "out/back-pain-level-2.pdf)")
    assert (demo / "out/back-pain-level-2.pdf").is_file()
    assert cups.documents() == []


@needs_cups
@pytest.mark.parametrize(("command", "message"), [
    ("cupsdisable", "printer front-desk is paused (Paused): resume it with `cupsenable "
                    "front-desk` or in your printer settings, or choose another with "
                    "--printer NAME"),
    ("cupsreject", "printer front-desk is not accepting jobs (Rejecting Jobs): allow them with "
                   "`cupsaccept front-desk` or in your printer settings, or choose another "
                   "with --printer NAME"),
])
def test_a_paused_or_refusing_printer_is_one_line(demo: Path, cups: Scheduler, command: str,
                                                  message: str) -> None:
    cups.add("front-desk", default=True)
    cups.tool(command, "front-desk")
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print")
    assert (code, err.splitlines()[-1]) == (9, f"error: not printed: {message} (the handout "
                                               "is saved: out/back-pain-level-2.pdf)")
    assert out.startswith("out/back-pain-level-2.pdf  (")
    assert cups.documents() == []


@needs_cups
def test_a_stopped_scheduler_is_not_printed_exit_9(demo: Path, cups: Scheduler) -> None:
    cups.add("front-desk", default=True)
    cups.stop()
    said = (f"the print service (CUPS) at {cups.socket} is not running: start it (on Linux: "
            "sudo systemctl start cups), then run the same command again")
    code, out, err = run(demo, cups.env, "handout", "--level", "2", "--print")
    assert (code, err.splitlines()[-1]) == (9, f"error: not printed: {said} (the handout is "
                                               "saved: out/back-pain-level-2.pdf)")
    assert out.startswith("out/back-pain-level-2.pdf  (")
    assert (demo / "out/back-pain-level-2.pdf").is_file()
    assert run(demo, cups.env, "printers") == (9, "", f"error: {said}\n")
    patients_csv(demo / "p.csv", [{"name": "Ana Ruiz", "level": "2"}])
    assert run(demo, cups.env, "batch", "p.csv", "--print") == (9, "", f"error: {said}\n")
    assert not (demo / "out/p").exists()  # found out before anything was built


def test_without_cups_it_says_what_to_install(demo: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"  # a PATH with no lp on it
    empty.mkdir()
    code, out, err = run(demo, {"PATH": str(empty)}, "handout", "--level", "2", "--print")
    assert (code, err.splitlines()[-1]) == (
        9, "error: not printed: printing needs CUPS, and lp and lpstat are not installed: "
           "install CUPS (Debian and Ubuntu: sudo apt install cups), or open the PDF and print "
           "it from your PDF viewer (the handout is saved: out/back-pain-level-2.pdf)")
    assert out.startswith("out/back-pain-level-2.pdf  (")
    assert (demo / "out/back-pain-level-2.pdf").is_file()


def test_a_draft_is_written_before_a_print_that_fails(demo: Path, tmp_path: Path) -> None:
    # A draft sends nothing: it need not wait for the printer, as a mail must.
    empty = tmp_path / "bin"
    empty.mkdir()
    code, out, err = run(demo, {"PATH": str(empty)}, "email", "--level", "2", "--to",
                         "jane@example.com", "--draft", "--print")
    assert code == 9 and err.splitlines()[-1].startswith(
        "error: not printed: printing needs CUPS, and lp and lpstat are not installed"), err
    assert out == ("out/back-pain-level-2.eml  (a draft to jane@example.com; the PDF is "
                   "out/back-pain-level-2.pdf)\n")
    draft = (demo / "out/back-pain-level-2.eml").read_bytes()
    assert b"To: jane@example.com" in draft and b"application/pdf" in draft


def test_on_windows_it_says_printing_needs_cups(monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows itself cannot run here; its answer is chosen by the platform alone.
    from pdfgen.deliver.printing import list_printers
    from pdfgen.errors import PrintError

    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(PrintError) as raised:
        list_printers()
    assert raised.value.exit_code == 9
    assert raised.value.message.startswith("printing needs CUPS (Linux/macOS)")


@pytest.mark.parametrize(("table", "message"), [
    ('printer = "front desk"', "print.printer: expected a printer's name as `pdfgen printers` "
                               "lists it (no spaces, slashes or '#'), got 'front desk'"),
    ("copies = 0", "print.copies: expected a number of at least 1, got 0"),
    ('sides = "duplex"', "print.sides: "),
])
def test_a_wrong_print_table_is_exit_2_naming_the_field(demo: Path, table: str,
                                                        message: str) -> None:
    clinic = demo / "content/clinic.toml"
    clinic.write_text(clinic.read_text() + f"\n[print]\n{table}\n")
    code, out, err = run(demo, {}, "handout", "--level", "2", "--print")
    assert (code, out, len(err.splitlines())) == (2, "", 1), err
    assert err.startswith("error: content/clinic.toml:") and message in err, err
    assert files_in(demo / "out") == []


def test_print_options_without_print_are_a_mistake(demo: Path) -> None:
    assert run(demo, {}, "handout", "--level", "2", "--copies", "2") == (
        2, "", "error: --printer, --copies and --one-sided go with --print: add it\n")
    assert files_in(demo / "out") == []
