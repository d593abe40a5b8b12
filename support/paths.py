"""Where the repository is, and ../shared (the test data kept outside it: trust anchors,
corpus, conformance cases), which OCES_SHARED_DIR may name instead."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("OCES_SHARED_DIR", ROOT.parent / "shared"))
