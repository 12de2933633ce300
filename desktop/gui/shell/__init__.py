"""The main window's frame: the page stack, menus, status bar, idle lock, and the workspace of role pages."""
