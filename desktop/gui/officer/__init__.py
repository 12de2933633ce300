"""The officer's side of the GUI: the guided registration form, the review, the commitment and the signature.

``desktop.gui.officer.page.OfficerPage`` is the one entry point; the other modules are its parts.
"""
