"""An unexpected database error is described without its statement or parameters (names, ID numbers), in the CLI's
and the window's "unexpected error" line alike (issue 12, finding 10)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from desktop.errors import unexpected_detail
from desktop.store import schema

SECRET_NAME = "欧阳秘密"
SECRET_ID = "220402197001011234"


def test_an_unexpected_database_error_is_described_without_its_statement_or_values(admin_session) -> None:
    row = {"police_number": "900001", "name": SECRET_NAME, "id_number": SECRET_ID, "unit_code": "220402"}
    with pytest.raises(IntegrityError) as failed, admin_session.store.transaction() as connection:
        connection.execute(schema.officers.insert(), [row, row])  # the same police number twice
    assert SECRET_NAME in str(failed.value)  # what SQLAlchemy's own message carries

    detail = unexpected_detail(failed.value)

    assert detail == "UNIQUE constraint failed: officers.police_number"
    assert SECRET_NAME not in detail
    assert SECRET_ID not in detail


def test_a_long_or_multi_line_detail_is_cut_to_one_short_line() -> None:
    detail = unexpected_detail(ValueError("x" * 500 + "\nsecond line"))
    assert "\n" not in detail
    assert len(detail) == 200
