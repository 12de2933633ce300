"""PySide6 6.12 on Python 3.11 drops a reference to None with every void call; the window must not abort for that."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import desktop.gui  # noqa: F401 - importing the package applies the work-around


def test_a_hundred_thousand_void_qt_calls_do_not_abort_the_interpreter(qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    for _ in range(100_000):
        label.setText("x")
    # Still alive, and None still has a reserve no session can use up.
    assert sys.getrefcount(None) > (1 << 39 if sys.version_info < (3, 12) else 0)


def test_without_the_package_the_same_calls_would_abort_on_python_3_11() -> None:
    """The control: proves the work-around is needed (on 3.12+ None is immortal and both runs pass)."""
    child = textwrap.dedent("""
        import sys
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel()
        for _ in range(200_000):
            label.setText("x")
        print("survived")
    """)
    completed = subprocess.run(
        [sys.executable, "-c", child],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    if sys.version_info >= (3, 12):
        assert "survived" in completed.stdout
    else:
        assert completed.returncode != 0, "PySide6 no longer drops references to None: remove desktop/gui/compat.py"
        assert "deallocating None" in completed.stderr
