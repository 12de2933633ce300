"""Logging in and out of a store: creating it, unlocking it with a password (throttled), the session every use case
receives, and what a store is."""
