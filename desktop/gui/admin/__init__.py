"""The administrator's page: units, roster, accounts, campaigns, backup."""
