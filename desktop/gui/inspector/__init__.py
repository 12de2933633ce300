"""The discipline inspectors' side of the GUI: importing many workbooks, the table of every imported declaration
with its verification state, and the detail of one. ``desktop.gui.inspector.page.InspectorPage`` is the entry point."""
