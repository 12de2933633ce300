"""The workbook format: rosters and declarations as .xlsx, read safely from untrusted files."""
