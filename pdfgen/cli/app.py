"""The `pdfgen` command: the Typer app, its commands, and the one place where a user's
mistake (a PdfgenError) becomes its one line and its exit code."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from pdfgen import __version__
from pdfgen.cli import clinic, handout
from pdfgen.cli.options import OptionError
from pdfgen.cli.printing import printers
from pdfgen.errors import PdfgenError

app = typer.Typer(
    name="pdfgen",
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
new_app = typer.Typer(help="Start a new exercise or routine file, with a hint for every field."
                           "\n\nExample: pdfgen new exercise wall-sit",
                      no_args_is_help=True)


def reported(command: Callable[..., None]) -> Callable[..., None]:
    """The command, with a PdfgenError said as `error: <message>` and its exit code."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except PdfgenError as error:
            typer.echo(f"error: {error.message}", err=True)
            raise typer.Exit(error.exit_code) from None

    return run


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pdfgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Branded, printable exercise handouts for your patients.

    Example: pdfgen handout --level 2 --patient "Ana Ruiz"
    """


for name, command in [("handout", handout.handout), ("email", handout.email),
                      ("list", clinic.list_command), ("batch", handout.batch),
                      ("check", clinic.check), ("schema", clinic.schema),
                      ("init", clinic.init), ("templates", clinic.templates),
                      ("preview", handout.preview), ("printers", printers)]:
    app.command(name)(reported(command))
new_app.command("exercise")(reported(clinic.new_exercise))
new_app.command("routine")(reported(clinic.new_routine))
app.add_typer(new_app, name="new")


def main() -> None:
    """Entry point of the `pdfgen` command."""
    try:
        code = app(prog_name="pdfgen", standalone_mode=False)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(1)
    except OSError as error:
        if "--install-completion" not in sys.argv:
            raise  # a bug: its traceback
        # Typer writes the shell's completion file in the home folder.
        typer.echo(f"error: --install-completion: cannot write your shell's completion file "
                   f"({error.strerror or type(error).__name__}); check that HOME is a folder "
                   "you can write to", err=True)
        sys.exit(2)
    except Exception as error:
        # Typer's own word on a mistake on the command line (an option misspelt, a value
        # missing, one word too many) is one line, as every other mistake is. Recognised by
        # what it can do: its class lives in a private module of Typer's.
        message = getattr(error, "format_message", None)
        exit_code = getattr(error, "exit_code", None)
        if not callable(message) or not isinstance(exit_code, int):
            raise  # a bug: its traceback
        if type(error).__name__ == "NoArgsIsHelpError":  # `pdfgen` alone: its help
            typer.echo(message())
            sys.exit(exit_code)
        if isinstance(error, OptionError):  # a value pdfgen read, in pdfgen's own words
            error.show()
            sys.exit(exit_code)
        context = getattr(error, "ctx", None)
        hint = f" (see: {context.command_path} --help)" if context is not None else ""
        typer.echo(f"error: {message()}{hint}", err=True)
        sys.exit(exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    sys.exit(main())
