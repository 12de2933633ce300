"""The unit head's side of the GUI: the review queue, the full view of a declaration, countersigning, returning, and
the unit's export. ``desktop.gui.head.page.HeadPage`` is the entry point; the other modules are its parts."""
