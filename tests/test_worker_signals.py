"""A batch worker stopped by SIGTERM ends, quietly, even where Python cannot raise the exit
(a weakref's callback): it printed "Exception ignored ... SystemExit: 143" into the batch's
output and went on, until its batch killed it."""

from __future__ import annotations

import subprocess
import sys

import pytest

WORKER = """
import gc, os, signal, sys, time, weakref
from pdfgen.deliver.worker_signals import stopped_by_sigterm
stopped_by_sigterm()

class Thing:
    pass

def callback(ref):
    os.kill(os.getpid(), signal.SIGTERM)  # SIGTERM, its handler run inside the callback
    time.sleep(0.2)

thing = Thing()
keep = weakref.ref(thing, callback)
del thing
gc.collect()
print("went on", flush=True)
"""


@pytest.mark.parametrize("where", ["a weakref's callback", "ordinary code"])
def test_sigterm_ends_a_worker_quietly_wherever_it_lands(where: str) -> None:
    code = WORKER if where != "ordinary code" else (
        "import os, signal, time\nfrom pdfgen.deliver.worker_signals import "
        "stopped_by_sigterm\nstopped_by_sigterm()\nos.kill(os.getpid(), signal.SIGTERM)\n"
        "time.sleep(5)\nprint('went on')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (143, "", ""), done
