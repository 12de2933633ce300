"""The plug-in point for the role pages: which page each role gets after login.

A role page is a QWidget class ``Page(context: PageContext, parent: QWidget | None = None)`` in a module named
below. The shell imports the module when an account with the role logs in; while the module does not exist yet,
the tab shows a short "coming" notice instead. To add a page, create the module with the class: nothing in the
shell needs to change. When the window locks, the shell first hides the workspace (a page saves unsaved input in
its hideEvent, the keys are still there), then cancels the runner's tasks, forgets the keys and deletes the pages:
keep no session or secret anywhere else.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.domain.roles import Role
from desktop.gui.qt_typing import QT_TRANSLATE_NOOP
from desktop.gui.settings import DEFAULT_IDLE_LOCK_SECONDS
from desktop.gui.worker import TaskRunner
from desktop.i18n import Translator

if TYPE_CHECKING:
    from desktop.services.session.session import Session


@dataclass(frozen=True)
class PageContext:
    """What a role page gets: the logged-in session, core-message translation, the window's task runner, and the
    window's idle-lock time (a head's signing never stays unlocked longer)."""

    session: Session
    translate: Translator
    runner: TaskRunner
    idle_lock_seconds: Callable[[], int] = lambda: DEFAULT_IDLE_LOCK_SECONDS  # the window's idle lock, as set now


@dataclass(frozen=True)
class RolePage:
    role: Role
    module: str
    class_name: str
    title: str  # English source, translated in the "RolePages" context
    object_name: str


ROLE_PAGES: tuple[RolePage, ...] = (
    RolePage(
        Role.OFFICER,
        "desktop.gui.officer.page",
        "OfficerPage",
        QT_TRANSLATE_NOOP("RolePages", "My declaration"),
        "officerPage",
    ),
    RolePage(Role.UNIT_HEAD, "desktop.gui.head.page", "HeadPage", QT_TRANSLATE_NOOP("RolePages", "Review"), "headPage"),
    RolePage(
        Role.INSPECTOR,
        "desktop.gui.inspector.page",
        "InspectorPage",
        QT_TRANSLATE_NOOP("RolePages", "Verification"),
        "inspectorPage",
    ),
    RolePage(
        Role.ADMIN, "desktop.gui.admin.page", "AdminPage", QT_TRANSLATE_NOOP("RolePages", "Administration"), "adminPage"
    ),
)


def page_title(spec: RolePage) -> str:
    return QCoreApplication.translate("RolePages", spec.title)


def page_class(spec: RolePage) -> Callable[[PageContext], QWidget] | None:
    """The page's class, or None while its module is not there. An import error inside the page is raised."""
    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as error:
        if error.name in {spec.module, spec.module.rpartition(".")[0]}:
            return None
        raise
    page: Callable[[PageContext], QWidget] = getattr(module, spec.class_name)
    return page


class ComingPage(QWidget):
    """Stands in for a role page that is not built yet."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(
            self.tr("{page}: this part of the application is coming in a later version.").format(page=title), self
        )
        label.setObjectName("comingLabel")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        QVBoxLayout(self).addWidget(label)


def pages_for(context: PageContext) -> list[tuple[str, QWidget]]:
    """(title, page) for each role of the logged-in account, in the order of ROLE_PAGES."""
    pages = []
    for spec in ROLE_PAGES:
        if not context.session.account.has(spec.role):
            continue
        title = page_title(spec)
        cls = page_class(spec)
        page = cls(context) if cls is not None else ComingPage(title)
        page.setObjectName(spec.object_name)
        pages.append((title, page))
    return pages
