"""What a person would see as a broken layout, found in a shown widget tree: visible widgets drawn over each other,
widgets given less room than they need (a tick box over the text below it, a password field squashed to a sliver,
a button or label whose text is cut), wrapped text taller than its place, and table cells cut short while the
table has room to show them.

``audit(window)`` returns one ``Defect`` per problem, each naming the widget by its chain of object names (or
classes), so that a failing test says where to look. Only what is on screen counts: hidden widgets, and parts
scrolled out of a scroll area's viewport, are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QHeaderView,
    QLabel,
    QLayout,
    QSizePolicy,
    QStyleOptionViewItem,
    QTabWidget,
    QTextEdit,
    QWidget,
)

#: The window's room on each screen size the tests use: the screen less a task bar (40 px) and a title bar (30 px).
SCREENS = {"1366x768": QSize(1366, 698), "1024x700": QSize(1024, 630)}
#: Pixels of overlap or missing size tolerated (rounding in the layouts and frames drawn over a neighbour's margin).
SLACK = 1
#: Qt's own parts that are drawn over a sibling by design, by object name.
_OWN_OVERLAYS = {"qt_scrollarea_viewport", "qt_tabwidget_stackedwidget", "qt_tabwidget_tabbar"}


@dataclass(frozen=True)
class Defect:
    kind: str  # overlap, squashed, cut, elided
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


def name_of(widget: QWidget) -> str:
    """The widget's chain of names from its window, e.g. ``exportDialog/passwordFields/QLineEdit#newPassword``."""
    parts = []
    current: QWidget | None = widget
    while current is not None:
        label = type(current).__name__
        if current.objectName():
            label = f"{label}#{current.objectName()}"
        parts.append(label)
        if current.isWindow():
            break
        current = current.parentWidget()
    text = "/".join(reversed(parts[:4]))
    if isinstance(widget, QLabel | QTextEdit) or hasattr(widget, "text"):
        shown = _text(widget)
        if shown:
            text += f" {shown[:30]!r}"
    return text


def _text(widget: QWidget) -> str:
    getter = getattr(widget, "text", None)
    if callable(getter):
        try:
            value = getter()
        except TypeError:
            return ""
        return value if isinstance(value, str) else ""
    return ""


def audit_window(window: QWidget, size: QSize) -> list[Defect]:
    """Resize ``window`` to ``size`` and audit it (see audit_as_shown)."""
    window.resize(size)
    return audit_as_shown(window, size)


def audit_as_shown(window: QWidget, room: QSize) -> list[Defect]:
    """Audit ``window`` at the size it has now. A window larger than ``room`` is itself a defect: the bottom of it
    would be off the screen."""
    for _ in range(3):  # a resize, the layout requests it posts, a window grown to its new minimum
        QApplication.processEvents()
    defects = []
    if window.width() > room.width() or window.height() > room.height():
        defects.append(
            Defect("too big", name_of(window), f"needs {window.width()}×{window.height()} px, has {_size(room)}")
        )
    return defects + audit(window)


def audit_dialog(dialog: QWidget, room: QSize) -> list[Defect]:
    """Audit ``dialog`` at the size it opens with (its size hint, as far as ``room`` allows)."""
    hint = dialog.sizeHint().expandedTo(dialog.minimumSize())
    return audit_window(dialog, hint.boundedTo(room))


def _size(size: QSize) -> str:
    return f"{size.width()}×{size.height()} px"


def audit(root: QWidget) -> list[Defect]:
    """Every layout defect in what ``root`` shows now."""
    visible = _visible_rects(root)
    defects: list[Defect] = []
    defects += _overlaps(visible)
    defects += _squashed(visible)
    defects += _elided_cells(visible)
    return defects


def _visible_rects(root: QWidget) -> dict[QWidget, QRect]:
    """Each widget on screen in ``root`` with the part of it that is visible, in ``root``'s coordinates."""
    rects: dict[QWidget, QRect] = {root: QRect(QPoint(0, 0), root.size())}
    pending = [root]
    while pending:
        parent = pending.pop()
        clip = rects[parent]
        for child in parent.children():
            if not isinstance(child, QWidget) or child.isWindow() or not child.isVisible():
                continue
            rect = QRect(child.mapTo(root, QPoint(0, 0)), child.size()).intersected(clip)
            if rect.isEmpty():
                continue
            rects[child] = rect
            pending.append(child)
    return rects


def _overlaps(visible: dict[QWidget, QRect]) -> Iterable[Defect]:
    by_parent: dict[QWidget, list[QWidget]] = {}
    for widget in visible:
        parent = widget.parentWidget()
        if parent is not None and parent in visible and not widget.isWindow():
            by_parent.setdefault(parent, []).append(widget)
    for parent, children in by_parent.items():
        if isinstance(parent, QAbstractScrollArea | QTabWidget) and not _laid_out(parent):
            children = [c for c in children if c.objectName() not in _OWN_OVERLAYS]
        for i, first in enumerate(children):
            for second in children[i + 1 :]:
                common = visible[first].intersected(visible[second])
                if common.width() > SLACK and common.height() > SLACK:
                    yield Defect(
                        "overlap",
                        name_of(first),
                        f"drawn over {name_of(second)} ({common.width()}×{common.height()} px)",
                    )


def _laid_out(widget: QWidget) -> bool:
    return widget.layout() is not None


def _in_layout(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    if parent is None or parent.layout() is None:
        return False
    return any(layout.indexOf(widget) >= 0 for layout in parent.findChildren(QLayout))


def minimum_size(widget: QWidget) -> tuple[int, int]:
    """The smallest size a layout should give ``widget`` (Qt's qSmartMinSize, without the layout's own rules)."""
    hint, least, policy = widget.sizeHint(), widget.minimumSizeHint(), widget.sizePolicy()

    def one(direction: QSizePolicy.Policy, hinted: int, smallest: int, fixed: int, cap: int) -> int:
        if direction == QSizePolicy.Policy.Ignored:
            size = 0
        elif direction.value & QSizePolicy.PolicyFlag.ShrinkFlag.value:
            size = smallest
        else:
            size = max(hinted, smallest)
        if fixed > 0:
            size = fixed
        return max(0, min(size, cap))

    width = one(policy.horizontalPolicy(), hint.width(), least.width(), widget.minimumWidth(), widget.maximumWidth())
    height = one(policy.verticalPolicy(), hint.height(), least.height(), widget.minimumHeight(), widget.maximumHeight())
    return width, height


def _squashed(visible: dict[QWidget, QRect]) -> Iterable[Defect]:
    for widget in visible:
        if not _in_layout(widget):
            continue
        width, height = minimum_size(widget)
        if isinstance(widget, QLabel) and widget.wordWrap():
            width = 0  # a wrapped label needs height for its width instead
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + SLACK:
                yield Defect("cut", name_of(widget), f"wrapped text needs {needed} px, has {widget.height()} px")
                continue
        if widget.width() + SLACK < width or widget.height() + SLACK < height:
            kind = "cut" if _text(widget) else "squashed"
            yield Defect(kind, name_of(widget), f"needs {width}×{height} px, has {widget.width()}×{widget.height()}")


def _elided_cells(visible: dict[QWidget, QRect]) -> Iterable[Defect]:
    for view in visible:
        if not isinstance(view, QAbstractItemView) or view.model() is None:
            continue
        header = getattr(view, "horizontalHeader", None) or getattr(view, "header", None)
        if header is None:
            continue
        header = header()
        if not isinstance(header, QHeaderView):
            continue
        yield from _elided_in(view, header)


def _elided_in(view: QAbstractItemView, header: QHeaderView) -> Iterable[Defect]:
    model = view.model()
    columns = [c for c in range(model.columnCount()) if not header.isSectionHidden(c)]
    rows = _rows_on_screen(view)
    if not rows or not columns:
        return
    # A column needs room for its title as well as for its cells.
    needed = {c: max(header.sectionSizeHint(c), *(_cell_width(view, model.index(r, c)) for r in rows)) for c in columns}
    free = max(0, view.viewport().width() - header.length())
    slack = {c: max(0, header.sectionSize(c) - needed[c]) for c in columns}
    for column in columns:
        missing = needed[column] - header.sectionSize(column)
        if missing <= SLACK:
            continue
        room = free + sum(s for c, s in slack.items() if c != column)
        if room >= missing:
            title = model.headerData(column, Qt.Orientation.Horizontal)
            yield Defect(
                "elided",
                name_of(view),
                f"column {title!r} cuts its text by {missing} px while {room} px are free",
            )


def _rows_on_screen(view: QAbstractItemView) -> list[int]:
    model = view.model()
    rows = []
    for row in range(min(model.rowCount(), 200)):
        rect = view.visualRect(model.index(row, 0))
        if rect.isValid() and rect.bottom() >= 0 and rect.top() <= view.viewport().height():
            rows.append(row)
    return rows


def _cell_width(view: QAbstractItemView, index: object) -> int:
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.font = view.font()
    return view.itemDelegateForIndex(index).sizeHint(option, index).width()  # type: ignore[arg-type]
