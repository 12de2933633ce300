"""The user guide (resources/guide/, in Chinese) opens from the Help menu, before logging in, with its screenshots."""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser

from desktop.app import AppPaths
from desktop.gui.dialogs.user_guide import GUIDE, MAX_IMAGE_WIDTH, UserGuideDialog
from desktop.store.store import StorePaths

IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def test_the_guide_is_shipped_in_resources_with_every_screenshot_it_shows() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    images = IMAGE.findall(text)

    assert text.startswith("# ")
    assert "安装" in text
    assert "首次启动" in text
    assert len(images) >= 5
    for image in images:
        assert (GUIDE.parent / image).is_file(), image


def test_help_opens_the_guide_before_login_in_a_browser_with_its_images(
    qtbot, open_main_window, app_paths: AppPaths, demo_store: StorePaths
) -> None:
    window = open_main_window(app_paths)
    action = window.shell_actions.user_guide
    assert action.isEnabled()
    assert action.text() == "使用说明"

    action.trigger()

    dialog = window.findChild(UserGuideDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "使用说明"
    browser = dialog.findChild(QTextBrowser, "userGuideBrowser")
    assert browser.document().toPlainText().startswith("民警参与经商办企业情况登记 使用说明")
    first = IMAGE.findall(GUIDE.read_text(encoding="utf-8"))[0]
    image = browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(first))
    assert image is not None
    assert 0 < image.width() <= MAX_IMAGE_WIDTH
    dialog.close()
