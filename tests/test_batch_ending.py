"""A batch stopped by Ctrl-C or SIGTERM ends, even when a worker will not."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

# A pool whose worker ignores SIGTERM (as a stuck one would not end on it) and is busy.
SCRIPT = textwrap.dedent("""
    import multiprocessing, signal, sys, time
    from pdfgen.deliver.batch import end_pool

    def deaf():
        signal.signal(signal.SIGTERM, signal.SIG_IGN)

    if __name__ == "__main__":
        pool = multiprocessing.get_context("fork").Pool(1, initializer=deaf)
        pool.apply_async(time.sleep, (120,))
        time.sleep(1)
        workers = multiprocessing.active_children()
        end_pool(pool, workers, grace=float(sys.argv[1]))
        pool.join()
        print("ended", [w.is_alive() for w in workers], [w.exitcode for w in workers])
""")


def test_a_worker_that_does_not_end_on_sigterm_is_killed_after_the_grace() -> None:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", SCRIPT, "2"], capture_output=True,
                          text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ended [False] [-9]\n", (done.stdout, done.stderr)
    assert time.monotonic() - started < 60  # not the 120 s the stuck worker would take
