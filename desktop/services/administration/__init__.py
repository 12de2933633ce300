"""The administrator's work: accounts, campaigns, the roster, backups, and checking the audit log."""
