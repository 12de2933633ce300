"""The inspectors' side: rules over the imported declarations, risk scores, findings and the report's content.

Pure Python over a portable in-memory view of the imported data (``model``), loaded with SQLAlchemy Core
(``loading``): nothing here depends on SQLite, so the inspectors' store can also be a PostgreSQL server.
"""
