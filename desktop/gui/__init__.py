"""The desktop window (PySide6 Widgets): the only package that imports Qt.

Start-up must stay light: modules imported before the first window shows (launch, shell, login and start pages,
worker, settings) import no SQLAlchemy, SQLCipher, openpyxl or Faker at module level; see docs/gui.md.
"""

from desktop.gui.compat import keep_singletons_alive

# Before any Qt call: PySide6 6.12 on Python 3.11 otherwise aborts after a few thousand calls (see compat.py).
keep_singletons_alive()
