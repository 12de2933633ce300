"""Generic .xlsx handling for files from outside: safety checks before any parser, bounded reading, streamed writing,
whole-file encryption."""
