"""Whether a workbook's batch signer vouches for it: one judgement, used by the import's summary and by the
``exporter_untrusted`` rule, so that the two never disagree.

The batch signature says which declarations a workbook holds; it is worth what its signer's key is worth. A batch
signer vouches for a workbook when an inspector has confirmed its key as trusted and, if the key acted as a head's
(it countersigned a declaration somewhere), that head's unit is the workbook's unit or a unit above it. A key that
only ever signed batches (an inspector's, or a head exporting declarations others countersigned) is judged by trust
alone. What a key did is what the inspectors' store recorded from its signatures, never a keys sheet's role cell.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable
from enum import StrEnum


class SignerStanding(StrEnum):
    TRUSTED = "trusted"  # a trusted key that may sign this unit's workbook
    UNTRUSTED = "untrusted"  # no inspector has confirmed the key
    OTHER_UNIT = "other_unit"  # a trusted head's key, of a unit that is neither the workbook's nor above it


def batch_signer_standing(
    fingerprint: str,
    workbook_unit: str,
    *,
    trusted: Container[str],
    acted_as_head: bool,
    key_unit: str,
    ancestors: Callable[[str], Iterable[str]],
) -> SignerStanding:
    """The standing of the key ``fingerprint`` that signed the batch of a workbook of ``workbook_unit``.
    ``acted_as_head``: the key countersigned a declaration (its ``key_unit`` is then the unit it was given for);
    ``ancestors``: the units above a unit, nearest first."""
    if not fingerprint or fingerprint not in trusted:
        return SignerStanding.UNTRUSTED
    if acted_as_head and key_unit != workbook_unit and key_unit not in set(ancestors(workbook_unit)):
        return SignerStanding.OTHER_UNIT
    return SignerStanding.TRUSTED
