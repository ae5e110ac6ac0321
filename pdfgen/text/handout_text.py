"""The handout as plain text, every string resolved: what the layout draws, and nothing else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Link:
    """A web address printed as a QR code, with a label and the address written out."""

    url: str
    label: str
    shown: str  # the address without https://, for people who type it
    code: str = "QR code"  # what a screen reader calls the code, in the handout's language


@dataclass(frozen=True)
class PictureRef:
    """A picture of an exercise: its file, its caption, where the file was named, and its
    own size (an SVG's trimmed drawing, a photo's pixels turned upright), read in resolve."""

    file: Path
    caption: str
    source: Path  # the exercise file, for error messages
    index: int
    size: tuple[float, float]
    alt: str = ""  # what a screen reader says for it: the content's alt, else the caption
    # The drawing or the decoded photo, read in resolve: layout reads no file.
    loaded: Any = field(default=None, repr=False, compare=False)
    # A figure pdfgen draws: "upright" or "lying", the figures printed at one body size
    # each in a handout; "" for a file.
    group: str = ""


@dataclass(frozen=True)
class CardText:
    number: int
    name: str
    summary: str
    why: list[str]
    steps: list[str]
    tips: list[str]
    easier: str | None
    harder: str | None
    dose: str | None
    note: str | None
    video: Link | None
    pictures: list[PictureRef]
    labels: dict[str, str]
    dose_parts: list[tuple[str, str]] = field(default_factory=list)  # ("Sets", "2"), ...
    # An exercise with a dose for each of its parts: each part's name and labelled numbers
    # (then dose_parts is empty, and `dose` has a line a part).
    named_doses: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    times_a_week: int = 0  # how often the dose asks for it (0: it does not say)
    # What keeps the patient safe doing it: led by "Take care:" after the tips, on the card
    # and on the one-page sheet (which has no room for the tips).
    safety: list[str] = field(default_factory=list)
    # Each label of the dose over its number: set by the layout on every card of a handout
    # when one card's dose must stand so (one form of dose box on every card).
    dose_stacked: bool = False


# The footer's slots for the page number and the page count: control characters, which no
# rendered text may hold (resolve refuses them in content and templates alike).
PAGE, PAGES = "\x01", "\x02"


def fill(ends: tuple[str, str], page: int, pages: int) -> tuple[str, str]:
    """The footer's two ends with the page number and the page count in their slots."""
    left, right = (end.replace(PAGE, str(page)).replace(PAGES, str(pages)) for end in ends)
    return left, right


@dataclass(frozen=True)
class FooterText:
    """The footer of every page, rendered before layout: its two ends ("Clinic · phone",
    "Page 2 of 7"). A template that only prints the page number and count is rendered
    once, with slots that layout fills in; one that decides on them (`{% if pages > 1 %}`)
    is rendered for each page once layout has counted the pages (pdfgen.text.footer_text)."""

    template: str  # the footer's template file (the clinic's or pdfgen's), for messages
    widest: tuple[str, str]  # on page 88 of 88: the room layout keeps for the footer
    slots: tuple[str, str] | None = None
    counted: tuple[tuple[str, str], ...] = ()  # else each page's ends, once counted
    # What the template sees, for rendering it once the pages are counted.
    context: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def ends(self, page: int, pages: int) -> tuple[str, str]:
        """The two ends of the footer of page `page` of `pages`."""
        if self.slots is not None:
            return fill(self.slots, page, pages)
        if len(self.counted) == pages:
            return self.counted[page - 1]
        # Not counted for so many pages: a first layout, which only counts them (the
        # pipeline lays the handout out again with each page's footer).
        return self.widest


@dataclass(frozen=True)
class EmailWords:
    """The parts of the e-mail that carries a handout, rendered from email.j2."""

    subject: str
    text: str
    html: str
    filename: str


@dataclass(frozen=True)
class ContactText:
    heading: str
    phone: str
    name: str
    clinic: str
    details: list[str]
    link: Link | None


@dataclass(frozen=True)
class PainBandText:
    """One band of the pain scale as printed: "0–2", "Safe", what it means and what to do."""

    scores: str
    label: str
    meaning: str


@dataclass(frozen=True)
class LogCut:
    """The log printed with another number of weeks than asked: it runs to the next visit."""

    asked: int
    printed: int
    visit: dt.date
    reached: bool = True  # False: the visit is later than the most weeks a log holds


@dataclass(frozen=True)
class LogText:
    """An exercise log: a row a week, a box for each time an exercise's dose asks for (the
    patient writes in it what its column says: the sets or reps done, or a tick), and the
    week's pain score."""

    heading: str
    intro: str
    who: str
    week_label: str  # the first column's heading
    weeks: list[tuple[str, str]]  # per week: its heading and its days ("Nov 24 – Nov 30")
    pain_label: str
    exercises: list[str]  # column headings
    boxes: list[int]  # boxes a week, per exercise
    visit: str  # "Next visit: December 8, 2026" on the row of that week, or ""
    visit_week: int | None  # which row (from 0)
    # Under each exercise's name, what its boxes hold: "Sets done", "Reps done" for one
    # without sets (a plank held 3 times), "Tick when done" for one with neither.
    box_labels: list[str] = field(default_factory=list)
    pain_bands: list[str] = field(default_factory=list)  # under the pain heading: "0–2 Safe"
    cut: LogCut | None = None  # when the weeks printed are not the weeks asked
    # Where the boxes stand a day a line (an exercise done more than once a day): the days
    # of a week, short, from the plan's first ("Tue" … "Mon"), and their column's heading.
    days: list[str] = field(default_factory=list)
    day_label: str = ""


@dataclass(frozen=True)
class HandoutText:
    """Everything the layout draws, as plain text (not yet markup)."""

    title: str
    subtitle: str
    prepared_for: str
    follow_up: str | None
    note_heading: str
    note: str | None
    overview_heading: str
    set_meaning: str
    tick: str  # how to use the boxes of "Your exercises"
    intro: list[str]
    # Leads the introduction, in bold, when page 1 has no room for it and it follows "Your
    # exercises" (without one it read as the first card's words).
    intro_heading: str
    disclaimer_heading: str
    disclaimer: str
    stop_heading: str
    stop_if: list[str]
    stop_footer: str
    cards: list[CardText]
    conclusion_heading: str
    conclusion: list[str]
    notes_heading: str
    contact: ContactText
    log: LogText | None
    clinic_name: str
    clinician: str
    phone: str
    running_header: str
    day: dt.date
    grayscale: bool
    footer: FooterText
    running_template: str  # header.j2's file (the clinic's or pdfgen's), for messages
    email_words: EmailWords | None = None  # the e-mail that carries it, when one was asked for
    # How much pain is all right (the routine's pain_rule and pain_scale): page 1, and the
    # compact sheet "in short" (the rule, and each band's label).
    pain_heading: str = ""
    pain_rule: str | None = None
    pain_rule_short: str | None = None  # the one-page sheet's, under the scale's bands
    pain_scale: list[PainBandText] = field(default_factory=list)
    # The last page: who reviewed the handout and when, and the other forms it exists in.
    signoff: str = ""
    also_in: str = ""
    # `prepared_for` in two parts ("Prepared for Jane Example", "November 24, 2026"): the
    # one-page sheet's top and large print's page 1, where it whole is too long for its line.
    prepared_name: str = ""
    dated: str = ""
