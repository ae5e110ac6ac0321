"""The `pdfgen` command: the Typer app, its commands, and the one place where an error of
errors.py becomes its one line and its exit code."""

# No `from __future__ import annotations`: Typer reads a command's annotations each run,
# and would compile and evaluate every one written as a string (~3 ms of `pdfgen --help`).
import copy
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.models import CommandInfo

from pdfgen import __version__, collector
from pdfgen.cli import clinic, handout, interrupt, serve
from pdfgen.cli.options import OptionError, given_once
from pdfgen.cli.print_options import printers
from pdfgen.errors import (
    Aborted,
    CompletionFileError,
    Finished,
    Interrupted,
    PdfgenError,
    UsageShown,
)


def exit_code(end: PdfgenError | Finished) -> int:
    """How a command that raised `end` ends: a PdfgenError says its one line first."""
    if interrupt.pressed():  # what a library made of Ctrl-C, not the clinic's mistake
        return Interrupted.exit_code
    if isinstance(end, PdfgenError):
        typer.echo(f"error: {end.message}", err=True)
    return end.exit_code


class _Commands(TyperGroup):
    """pdfgen's commands, where an error of errors.py becomes its line and exit code (so
    also when a test invokes the app as Typer's test runner does)."""

    # (Typer's own type for ctx is the Context of the click it bundles, a private module.)
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (PdfgenError, Finished) as end:
            raise typer.Exit(exit_code(end)) from None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            given_once(command.params, rest)
        return name, command, rest


app = typer.Typer(
    name="pdfgen",
    cls=_Commands,
    add_completion=True,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
new_app = typer.Typer(help="Start a new exercise or routine file, with a hint for every field."
                           "\n\nExample: pdfgen new exercise wall-sit",
                      no_args_is_help=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pdfgen {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    context: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Branded, printable exercise handouts for your patients.

    Example: pdfgen handout --level 2 --patient "Ana Ruiz"
    """
    if context.invoked_subcommand is None:  # `pdfgen` alone: its help, as a usage mistake
        typer.echo(context.get_help())
        raise UsageShown


_COMMANDS: list[tuple[str, Callable[..., Any]]] = [
    ("handout", handout.handout), ("email", handout.email), ("list", clinic.list_command),
    ("batch", handout.batch), ("check", clinic.check), ("schema", clinic.schema),
    ("init", clinic.init), ("templates", clinic.templates), ("preview", handout.preview),
    ("printers", printers), ("serve", serve.serve), ("figures", clinic.figures)]
for name, command in _COMMANDS:
    app.command(name)(command)
new_app.command("exercise")(clinic.new_exercise)
new_app.command("routine")(clinic.new_routine)
app.add_typer(new_app, name="new")


@contextmanager
def _only_the_command(args: list[str]) -> Iterator[None]:
    """Typer makes every command's options from its annotations each run (~8 ms for all):
    a command line that starts with a command's name has that command alone made (its help,
    options and mistakes are its own); any other (pdfgen --help, a misspelt command) has all."""
    commands, groups = app.registered_commands, app.registered_groups
    new_commands = new_app.registered_commands
    first = args[0] if args else None
    if first in {info.name for info in commands} | {info.name for info in groups}:
        app.registered_commands = [info for info in commands if info.name == first]
        app.registered_groups = [info for info in groups if info.name == first]
    elif args in ([], ["--help"], ["-h"], ["--version"]):
        # A command line that runs no command lists them by name and first line of help:
        # their options are never looked at, so none are made (~3 ms of `pdfgen --help`).
        app.registered_commands = [_listed(info) for info in commands]
        new_app.registered_commands = [_listed(info) for info in new_commands]
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = commands, groups
        new_app.registered_commands = new_commands


def _listed(info: CommandInfo) -> CommandInfo:
    """The command as a list of commands shows it (its name, help and flags), without its
    options."""
    def listed() -> None:  # never run: the command line runs no command
        raise AssertionError(f"{info.name} was listed, not made")

    listed.__doc__ = info.callback.__doc__ if info.callback is not None else None
    made = copy.copy(info)
    made.callback = listed
    return made


def main() -> None:
    """Entry point of the `pdfgen` command."""
    try:
        code = run()
    except KeyboardInterrupt:  # pressed as the command returned
        code = Interrupted.exit_code
    # The exit is decided: Ctrl-C pressed again while the process ends (Python joining a
    # server's threads, flushing its output) must not cut that short, which ended `pdfgen
    # serve` by the signal (not 130) or left it waiting on a thread for good.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    collector.ending()
    sys.exit(code)


def run(args: list[str] | None = None) -> int:
    """Run the command; its exit code. With _Commands, the one place where an error of
    errors.py (and Typer's word on a mistyped command line) becomes its line and code."""
    try:
        code = _run(args)
    except KeyboardInterrupt:  # Ctrl-C before or after Typer's own run (which aborts on it)
        return Interrupted.exit_code
    except Exception:
        if interrupt.pressed():  # a library's own error, made of Ctrl-C as it came
            return Interrupted.exit_code
        raise  # a bug: its traceback
    finally:
        collector.release()  # as it was, for a caller of run() that goes on (a test)
    # Ctrl-C that Python could not raise where it came (it was lost, and the command went
    # on): the command still ends by it, as the person who pressed it expects.
    return Interrupted.exit_code if interrupt.pressed() else code


def _run(args: list[str] | None) -> int:
    try:
        with _only_the_command(sys.argv[1:] if args is None else args):
            result = app(args=args, prog_name="pdfgen", standalone_mode=False)
    except (PdfgenError, Finished, typer.TyperException) as end:
        return _ended(end)
    except OSError as error:
        if "--install-completion" not in (sys.argv if args is None else args):
            raise  # a bug: its traceback
        # Typer writes the shell's completion file in the home folder.
        return exit_code(CompletionFileError(
            "--install-completion: cannot write your shell's completion file "
            f"({error.strerror or type(error).__name__}); check that HOME is a folder you "
            "can write to"))
    return result if isinstance(result, int) else 0


def _ended(end: PdfgenError | Finished | typer.TyperException) -> int:
    """The line and exit code of a command that ended early; none after Ctrl-C."""
    if isinstance(end, PdfgenError | Finished):  # raised before a command ran (--version)
        return exit_code(end)
    if interrupt.pressed() or isinstance(end.__context__, KeyboardInterrupt):
        return Interrupted.exit_code  # (Typer's Abort, or what a reader made of Ctrl-C)
    if isinstance(end, typer.Abort):
        typer.echo("Aborted.", err=True)
        return Aborted.exit_code
    if isinstance(end, OptionError):  # a value pdfgen read, in pdfgen's own words
        end.show()
        return end.exit_code
    # An option misspelt, a value missing, one word too many: one line, as every other
    # mistake is.
    context = getattr(end, "ctx", None)
    hint = f" (see: {context.command_path} --help)" if context is not None else ""
    typer.echo(f"error: {end.format_message()}{hint}", err=True)
    return end.exit_code


if __name__ == "__main__":
    main()
