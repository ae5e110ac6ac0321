"""A handout's language: the one asked for (else the clinic's), its label catalog, and the
content read in it (the translations, from pdfgen.content.translations)."""

from __future__ import annotations

import dataclasses
from typing import Any

from pdfgen.content.clinic_settings import Clinic
from pdfgen.content.loading import Loaded
from pdfgen.content.project import Project
from pdfgen.content.selection import Selection
from pdfgen.content.translations import translate_selection
from pdfgen.errors import ContentError, LanguageError, display_path
from pdfgen.languages import Language
from pdfgen.text.i18n import language, translations


@dataclasses.dataclass(frozen=True)
class Localized:
    """A handout's content and labels in its language."""

    language: Language
    clinic: Loaded[Clinic]
    chosen: Selection
    labels: Any  # the gettext catalog for the templates


def localize(project: Project, clinic: Loaded[Clinic], chosen: Selection,
             tag: str | None) -> Localized:
    """The handout's language (--language, else clinic.toml's) and its content and labels."""
    where = "--language" if tag else f"{display_path(clinic.path)}: language:"
    lang = language(tag or clinic.model.language, where)
    if chosen.own_words is not None:
        written, plan = chosen.own_words
        words = language(written or clinic.model.language,
                         f"{display_path(plan)}: language:")
        if words.code != lang.code:
            raise ContentError(plan, "language", (
                f"the plan's own words are in {words.name} ({words.code}), the handout in "
                f"{lang.name} ({lang.code}); a handout never mixes two languages: write them "
                f"in {lang.name} and set language: {lang.code}, or make the handout with "
                f"--language {words.code}"))
    try:
        labels = translations(lang, project.root)
    except LanguageError as error:
        if error.message.startswith(f"{lang.tag}: "):  # no catalog: say who asked for it
            raise LanguageError(f"{where} {error.message}") from None
        raise
    if not lang.is_source:
        clinic, chosen = translate_selection(project, clinic, chosen, lang, labels)
    return Localized(lang, clinic, chosen, labels)
