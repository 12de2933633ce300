"""The declaration workflow: the officer drafts and signs, the unit head countersigns or returns, completeness,
history, verification against the store's keys, and the signed workbooks a unit exports and a head receives."""
