"""Dialogs of the window shell: settings, changing one's own password, about the store."""
