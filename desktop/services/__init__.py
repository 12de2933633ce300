"""Use cases that the GUI and the CLI call, grouped by context: session/, administration/, workflow/, inspection/ and
demo/; their errors in errors.py; the clock and audited transactions beside them."""
