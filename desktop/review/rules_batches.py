"""Rules on what a workbook as a whole vouches for: the batch signer, who alone says which declarations are present,
and declarations replaced by an older version of the same officer's declaration (issue 12, finding 1).

Each declaration's own signatures prove its content, not that it is the officer's latest version nor that none was
left out: that is what the batch signature says, and it is worth what its signer's key is worth. A clerk who carries
a workbook can drop a declaration, or put back an officer's superseded version, and sign the batch again with a key
of their own; the declarations' signatures all stay valid. So every declaration of a workbook whose batch signer is
not a trusted key of a head of the exporting unit (or of a unit above it) is flagged, and an imported version older
than another imported version of the same officer's declaration is flagged too.
"""

from __future__ import annotations

from collections.abc import Iterator

from desktop.i18n import N_
from desktop.review.batch_signer import SignerStanding, batch_signer_standing
from desktop.review.findings import Finding, Rule
from desktop.review.view import CampaignView


def _exporter_untrusted(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    trusted, keys = view.data.trusted, view.data.keys
    verdicts: dict[str, tuple[str, dict[str, str]] | None] = {}
    for workbook_id, workbook in view.data.workbooks.items():
        if workbook.campaign_id != view.campaign.id:
            continue
        fingerprint = workbook.exporter_fingerprint
        key = keys.get(fingerprint)
        standing = batch_signer_standing(
            fingerprint,
            workbook.unit_code,
            trusted=trusted,
            acted_as_head=key is not None and key.role != "exporter",
            key_unit=key.unit_code if key is not None else "",
            ancestors=view.ancestors,
        )
        if standing is SignerStanding.UNTRUSTED:
            verdicts[workbook_id] = (
                N_(
                    "The workbook of unit {unit} was exported with the key {key}, which no inspector has confirmed "
                    "as trusted: a declaration could have been left out of it or replaced by an older version."
                ),
                {"unit": workbook.unit_code, "key": fingerprint[:19]},
            )
        elif standing is SignerStanding.OTHER_UNIT and key is not None:
            verdicts[workbook_id] = (
                N_(
                    "The workbook of unit {unit} was exported with the trusted key {key} of a head of unit "
                    "{head_unit}, which is neither that unit nor a unit above it."
                ),
                {"unit": workbook.unit_code, "key": fingerprint[:19], "head_unit": key.unit_code},
            )
        else:
            verdicts[workbook_id] = None
    for row in view.data.declarations:
        found = verdicts.get(row.workbook_id)
        if found is not None:
            message, params = found
            yield view.finding(rule, row, message, notes=(), **params)


def _older_version(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    for rows in view.by_officer.values():
        newest = max(row.version for row in rows)
        for row in rows:
            if row.version < newest:
                yield view.finding(
                    rule,
                    row,
                    N_(
                        "An older version ({version}) of the officer's declaration, while version {newest} was also "
                        "imported: the older one may have been put back in place of the newer."
                    ),
                    version=row.version,
                    newest=newest,
                )


RULES = (
    Rule(
        "exporter_untrusted",
        100,
        N_("The workbook's batch signer is not a trusted key of a head of the exporting unit or above"),
        "工作簿整批签名密钥未经确认可信或不属于导出单位及上级单位负责人",
        _exporter_untrusted,
    ),
    Rule(
        "older_version",
        60,
        N_("An older version of a declaration of which a newer version was also imported"),
        "导入了较旧版本的登记表（另有较新版本）",
        _older_version,
    ),
)
