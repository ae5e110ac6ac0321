"""The README's picture of `pdfgen serve`'s handout page, taken by Debian's headless chromium.

    python tools/serve_screenshot.py   # writes docs/images/serve-handout-page.png
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from local_server import serving

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "docs/images/serve-handout-page.png"


def main() -> None:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with serving(REPO) as port:
        # The virtual time budget lets the page's script fetch and show the preview first.
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--hide-scrollbars",
                        "--window-size=1280,860", "--virtual-time-budget=15000",
                        f"--screenshot={TARGET}", f"http://127.0.0.1:{port}/"],
                       check=True, timeout=120, capture_output=True)
    print(TARGET)


if __name__ == "__main__":
    main()
