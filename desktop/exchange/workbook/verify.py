"""Verifying a declaration workbook on its own: every declaration's signatures, the batch signature, the cover.

Needs no store and no account. The keys come from the workbook; the officers' keys are vouched for by the heads'
countersignatures; trust comes from comparing the heads' fingerprints with the ones you know (``trusted``).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from concurrent.futures import Executor
from dataclasses import dataclass, field

from desktop.crypto.signing import fingerprint, verify_signature
from desktop.crypto.verification import PendingChecks, VerificationResult, start_verify_many
from desktop.exchange.problems import CappedProblems, SheetProblem
from desktop.exchange.workbook.columns import COVER_SHEET, DECLARATIONS_SHEET, KIND_SINGLE
from desktop.exchange.workbook.model import KeyEntry, WorkbookContent, batch_payload
from desktop.exchange.workbook.reader import ReadWorkbook
from desktop.i18n import N_


@dataclass(frozen=True)
class DeclarationVerdict:
    declaration_id: str
    police_number: str
    name: str
    unit_code: str
    row: int
    result: VerificationResult
    untrusted_head: bool = False

    @property
    def valid(self) -> bool:
        return self.result.valid and not self.untrusted_head


class TrustOfKeys:
    """What a verdict says of the keys its workbook's trust rests on (WorkbookVerdict, and verify_chunks's verdict
    of a workbook verified chunk by chunk): each gives its countersigning keys and its exporter's."""

    trusted: set[str] | None

    def _keys_vouching(self) -> tuple[list[str], str]:
        """The keys that countersigned a declaration of the workbook, and the exporter's."""
        raise NotImplementedError

    @property
    def head_fingerprints(self) -> list[str]:
        """Every key whose trust the workbook's trust rests on: the countersigning keys and the exporter's."""
        countersigning, exporter = self._keys_vouching()
        return sorted({*countersigning, *filter(None, [exporter])})

    @property
    def is_trusted(self) -> bool:
        """Trusted keys were given, and every countersigning and exporting key is among them."""
        return self.trusted is not None and set(self.head_fingerprints) <= self.trusted


@dataclass
class WorkbookVerdict(TrustOfKeys):
    file: str
    read: ReadWorkbook
    declarations: list[DeclarationVerdict] = field(default_factory=list)
    problems: list[SheetProblem] = field(default_factory=list)  # cover, batch and cell problems
    #: The canonical bytes of each declaration's content (Declaration.to_dict()), in the workbook's order, as built
    #: for its signature check (reused for the import's content identity).
    contents: list[bytes] = field(default_factory=list, repr=False)

    #: The fingerprints the verifier was told to trust; None when none were given.
    trusted: set[str] | None = None

    @property
    def valid(self) -> bool:
        """Every signature is consistent with the visible cells, and (when trusted keys were given) every
        countersigning and exporting key is one of them. Without trusted keys this says nothing about who signed."""
        return not self.problems and all(d.valid for d in self.declarations)

    @property
    def total(self) -> int:
        """How many declarations the workbook holds."""
        return len(self.declarations)

    @property
    def valid_count(self) -> int:
        """How many of them verify."""
        return sum(d.valid for d in self.declarations)

    @property
    def keys(self) -> list[KeyEntry]:
        """The keys sheet's entries, names as it claims them."""
        return self.read.content.keys

    @property
    def countersigned(self) -> Counter[str]:
        """How many declarations each head's key countersigned."""
        return Counter(
            d.signed.countersignature.countersigner_fingerprint
            for d in self.read.content.declarations
            if d.signed.countersignature is not None
        )

    @property
    def countersigning_fingerprints(self) -> list[str]:
        """The keys that countersigned a declaration of this workbook: heads' keys because of what they signed,
        whatever the keys sheet's role cell says."""
        return sorted(
            {
                d.signed.countersignature.countersigner_fingerprint
                for d in self.read.content.declarations
                if d.signed.countersignature is not None
            }
        )

    @property
    def exporter_fingerprint(self) -> str:
        """The key that signed the batch (the cover's exporter), which vouches for which declarations are present."""
        return str(self.read.content.cover.get("exporter_fingerprint", ""))

    def _keys_vouching(self) -> tuple[list[str], str]:
        return self.countersigning_fingerprints, self.exporter_fingerprint


def verify_workbook(
    read: ReadWorkbook, trusted: set[str] | None = None, executor: Executor | None = None, keep_contents: bool = True
) -> WorkbookVerdict:
    """``read`` verified (see begin_verification)."""
    pending = begin_verification(read, trusted, executor, keep_contents)
    pending.settle()
    return pending.verdict


@dataclass
class PendingVerdict:
    """A verdict whose declarations are first given as if every Ed25519 check succeeded, while the checks run in
    the executor's processes; settle() waits for them and corrects the declarations whose check failed. (An import
    stores the rows meanwhile and updates the few that changed.)"""

    verdict: WorkbookVerdict
    _pending: PendingChecks

    def settle(self) -> list[int]:
        """Wait for every signature check; the indices of the declarations whose verdict changed."""
        results = self._pending.settle()
        if results is self._pending.optimistic:
            return []
        changed = []
        for index, (before, result) in enumerate(zip(self.verdict.declarations, results, strict=True)):
            if before.result != result:
                self.verdict.declarations[index] = dataclasses.replace(before, result=result)
                changed.append(index)
        return changed

    def cancel(self) -> None:
        """Drop the checks not yet started (the verdict is not wanted any more)."""
        self._pending.cancel()


def begin_verification(
    read: ReadWorkbook, trusted: set[str] | None = None, executor: Executor | None = None, keep_contents: bool = True
) -> PendingVerdict:
    """Verify ``read``: the cover, keys and batch signature at once; each declaration's signatures as they are
    checked in ``executor`` (see PendingVerdict). ``keep_contents``: the verdict keeps each declaration's content
    bytes (``contents``), which an import stores; ``verify``'s report needs none (decision 250)."""
    content = read.content
    cover = content.cover
    # Capped as the reader's lists are (decision 152): each list's count of problems not listed is carried over.
    problems = CappedProblems([*read.problems, *read.shown_problems])
    verdict = WorkbookVerdict(read.name, read, problems=problems, trusted=trusted)
    keys = {k.fingerprint: k.public_key for k in content.keys if fingerprint(k.public_key) == k.fingerprint}
    for key_entry in content.keys:
        if key_entry.fingerprint not in keys:
            verdict.problems.append(
                SheetProblem(
                    "签名公钥",
                    0,
                    "",
                    "key.mismatch",
                    N_("A public key does not match its fingerprint {fingerprint}."),
                    {"fingerprint": key_entry.fingerprint},
                )
            )
    commitment = cover.get("commitment_sha256", "")
    if hashlib.sha256(cover.get("commitment_text", "").encode("utf-8")).hexdigest() != commitment:
        verdict.problems.append(
            SheetProblem(
                COVER_SHEET,
                0,
                "",
                "cover.commitment",
                N_("The commitment text on the cover does not match its SHA-256."),
            )
        )
    _check_batch(content, keys, trusted, verdict)
    single = cover.get("kind") == KIND_SINGLE
    pending = start_verify_many(
        [e.signed for e in content.declarations],
        keys.get,
        expected_commitment_sha256=commitment,
        require_countersignature=not single,
        executor=executor,
        contents=verdict.contents if keep_contents else None,
    )
    campaign_id = cover.get("campaign_id")
    rows = read.declaration_rows
    for entry, result in zip(content.declarations, pending.optimistic, strict=True):
        signed = entry.signed
        officer = signed.declaration.officer
        declaration_id = signed.officer_signature.declaration_id if signed.officer_signature else ""
        head = signed.countersignature.countersigner_fingerprint if signed.countersignature else None
        if signed.declaration.campaign_id != campaign_id:
            verdict.problems.append(
                SheetProblem(
                    DECLARATIONS_SHEET,
                    rows.get(declaration_id, 0),
                    "",
                    "declaration.campaign",
                    N_("This declaration belongs to another campaign than the one on the cover."),
                )
            )
        verdict.declarations.append(
            DeclarationVerdict(
                declaration_id,
                officer.police_number,
                officer.name,
                officer.unit_code,
                rows.get(declaration_id, 0),
                result,
                untrusted_head=bool(trusted is not None and head is not None and head not in trusted),
            )
        )
    verdict.problems = problems.listed()
    return PendingVerdict(verdict, pending)


def _check_batch(
    content: WorkbookContent, keys: dict[str, bytes], trusted: set[str] | None, verdict: WorkbookVerdict
) -> None:
    cover = content.cover
    exporter = cover.get("exporter_fingerprint", "")
    key = keys.get(exporter)
    if content.batch_signature is None:
        verdict.problems.append(
            SheetProblem(COVER_SHEET, 0, "", "batch.missing", N_("The workbook has no batch signature."))
        )
    elif key is None:
        verdict.problems.append(
            SheetProblem(
                COVER_SHEET,
                0,
                "",
                "batch.key_unknown",
                N_("The exporter's key is not in the workbook, so the batch signature cannot be checked."),
            )
        )
    elif not verify_signature(key, content.batch_signature, batch_payload(content)):
        verdict.problems.append(
            SheetProblem(
                DECLARATIONS_SHEET,
                0,
                "",
                "batch.invalid",
                N_(
                    "The batch signature does not match: a declaration, key or missing-officer row was added, "
                    "removed or "
                    "changed, or the cover was edited."
                ),
            )
        )
    untrusted = untrusted_exporter(exporter, trusted)
    if untrusted is not None:
        verdict.problems.append(untrusted)


def untrusted_exporter(exporter: str, trusted: set[str] | None) -> SheetProblem | None:
    """The problem of a batch signed by a key not among the ``trusted`` ones (None: trusted, or none given)."""
    if trusted is None or not exporter or exporter in trusted:
        return None
    return SheetProblem(
        COVER_SHEET,
        0,
        "",
        "batch.untrusted",
        N_("The exporter's key {fingerprint} is not among the trusted keys."),
        {"fingerprint": exporter},
    )
