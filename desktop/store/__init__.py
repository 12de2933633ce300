"""The encrypted local store: SQLCipher through SQLAlchemy 2, a key file beside it, numbered migrations."""
