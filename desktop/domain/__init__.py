"""Pure-Python domain: units, officers, campaigns, declarations, business interests, validation. No I/O, no Qt."""
