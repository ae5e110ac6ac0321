"""The README's picture of `pdfgen serve`'s handout page, taken by Debian's headless chromium.

    python tools/serve_screenshot.py   # writes docs/images/serve-handout-page.png
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "docs/images/serve-handout-page.png"


def main() -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "pdfgen", "serve", "--port", str(port)],
                              cwd=REPO, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("pdfgen serve did not start") from None
                time.sleep(0.2)
        # The virtual time budget lets the page's script fetch and show the preview first.
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--hide-scrollbars",
                        "--window-size=1280,860", "--virtual-time-budget=15000",
                        f"--screenshot={TARGET}", f"http://127.0.0.1:{port}/"],
                       check=True, timeout=120, capture_output=True)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    print(TARGET)


if __name__ == "__main__":
    main()
