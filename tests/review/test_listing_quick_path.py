"""The findings listing with nothing changed since the last run answers from what was kept with that run (issue 16,
item 3; decisions 167-169): in a fresh process it imports no workbook library, and its answer is the full review's
listing, line for line, on changed and unchanged stores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from desktop.i18n import Translator
from desktop.services.inspection.listing import findings_listing
from desktop.services.session.session import Session
from tests.cli.support import REPO, clean_env
from tests.review.conftest import INSPECTOR, REVIEW_DEMO_PASSWORD

#: What the second listing does not need: each costs a tenth of a second or more to import (openpyxl imports numpy).
HEAVY = ("openpyxl", "numpy", "PySide6", "faker")

#: Runs the CLI with argv[2:] and prints its exit code, what it printed and which of the modules named in argv[1] it
#: imported.
_LOADED = """
import io, json, sys
from desktop.cli import main
out = io.StringIO()
code = main(sys.argv[2:], stdout=out)
loaded = sorted(m for m in json.loads(sys.argv[1]) if m in sys.modules)
print(json.dumps({"code": code, "out": out.getvalue(), "loaded": loaded}))
"""


def _fresh_listing(session: Session, home: Path) -> dict[str, object]:
    folder = session.store.paths.folder
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, json.dumps(HEAVY), "--data-dir", str(folder), "findings"],
        capture_output=True,
        text=True,
        env=clean_env(
            home,
            PYTHONPATH=str(REPO),
            OFFICER_DECLARE_LANG="en",
            OFFICER_DECLARE_USER=INSPECTOR,
            OFFICER_DECLARE_PASSWORD=REVIEW_DEMO_PASSWORD,
        ),
        cwd=home,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_a_second_listing_in_a_fresh_process_imports_no_workbook_library(
    encrypted_inspector: Session, tmp_path: Path
) -> None:
    first = findings_listing(encrypted_inspector, Translator("en"))  # the run recorded, its listing kept
    assert not first.stored

    found = _fresh_listing(encrypted_inspector, tmp_path)

    assert found["code"] in (0, 1)
    assert str(found["out"]).startswith(first.text())  # the lines, then the summary
    assert found["loaded"] == []
