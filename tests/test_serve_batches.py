"""`pdfgen serve`'s batches: a server that runs for months keeps a bounded list of them."""

from __future__ import annotations

from pdfgen.serve.batches import KEPT, Run, forget_ended


def test_ended_batches_are_forgotten_oldest_first_and_a_running_one_never() -> None:
    runs = {f"b{n}": Run(total=1, mode="build", folder=f"out/batches/{n}",
                         ended=None if n in (0, 70) else {"done": 1})
            for n in range(100)}
    forget_ended(runs, KEPT - 1)
    assert len(runs) == KEPT - 1
    assert "b0" in runs and "b70" in runs  # running, however old
    assert [k for k in runs if k != "b0"] == [f"b{n}" for n in range(52, 100)]
    forget_ended(runs, KEPT - 1)  # nothing more to forget
    assert len(runs) == KEPT - 1


def test_running_batches_alone_are_all_kept() -> None:
    runs = {f"b{n}": Run(total=1, mode="build", folder=f"out/batches/{n}") for n in range(60)}
    forget_ended(runs, KEPT - 1)
    assert len(runs) == 60
