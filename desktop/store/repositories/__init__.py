"""Reading and writing domain objects with SQLAlchemy Core, one module per aggregate."""
