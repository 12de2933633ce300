"""Use cases that the GUI and the CLI call: set-up, unlock, accounts, roster, demo, information."""
