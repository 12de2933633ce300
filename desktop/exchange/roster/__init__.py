"""The roster workbook (花名册): its columns, the empty template, and reading a filled-in one."""
