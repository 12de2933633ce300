"""Workbooks from and for outside: generic safe .xlsx handling (xlsx/), the roster (roster/), and the signed
declaration workbook (workbook/); problems located by sheet, row and cell (problems.py)."""
