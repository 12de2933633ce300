"""The registration form as data, one frozen folder per version (v1/, v2/ …); see desktop/form/model.py.

Imports domain only; crypto, exchange, review, services and the pages read the form from here.
"""

from desktop.form.model import ANSWER_PREFIX, Column, FormQuestion, FormVersion, Kind
from desktop.form.registry import (
    NEWEST_FORM_VERSION,
    UnknownFormVersion,
    form_for,
    known_form_versions,
    newest_form,
    registered,
)

__all__ = [
    "ANSWER_PREFIX",
    "NEWEST_FORM_VERSION",
    "Column",
    "FormQuestion",
    "FormVersion",
    "Kind",
    "UnknownFormVersion",
    "form_for",
    "known_form_versions",
    "newest_form",
    "registered",
]
