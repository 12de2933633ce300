"""The signed declaration workbook: its columns, cell conventions, rows, writer, reader and standalone verification."""
