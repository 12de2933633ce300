"""Key derivation, key wrapping, Ed25519 signatures and canonical payloads. Imports domain only."""
