"""officer-declare: business-involvement declarations, signed and verified."""

__version__ = "0.1.0"
