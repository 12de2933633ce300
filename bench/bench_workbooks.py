"""Workbook benchmarks against the targets of DESIGN.md ("Performance targets"), each figure printed with its target:

- export of 50,000 declarations (100,000 interests): time, against xlsxwriter constant_memory writing the same rows
  in the same run, and peak RSS (in a fresh process that loads the prepared records, so the figure is the export's);
- import + verify (both signatures) + store of that workbook, in a fresh process per run: time and peak RSS, against
  8.5 s and against half the time pandas.read_excel (default engine) takes just to read the same workbook;
- unit export (export_unit) of 1,000 countersigned declarations from a real SQLCipher store, built here quickly by
  bulk-inserting signed declarations with Core.

    .venv/bin/python bench/bench_workbooks.py [--count 50000] [--repeat 3] [--unit-count 1000] [--skip-pandas]

Every timed step runs --repeat times and the median is printed (other work on a 2-core machine disturbs single
runs); the references run once unless --reference-repeat says otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_signatures import COMMITMENT, COMMITMENT_TEXT, HEAD_KEY, OFFICER_KEY, sign_all  # noqa: E402
from bench.data import declarations  # noqa: E402
from desktop.domain.trades import default_catalog  # noqa: E402
from desktop.exchange.columns import FORMAT_NAME, FORMAT_VERSION, KIND_UNIT  # noqa: E402
from desktop.exchange.model import DeclarationEntry, KeyEntry, WorkbookContent, batch_payload  # noqa: E402
from desktop.exchange.rows import declaration_row, interest_rows  # noqa: E402
from desktop.exchange.writer import write_workbook  # noqa: E402

IMPORT_TARGET_S = 8.5
IMPORT_RSS_MB = 500
EXPORT_RSS_MB = 300
UNIT_EXPORT_TARGET_S = 1.0
HEAD_NAME = "局长"


def content_for(count: int) -> WorkbookContent:
    signed = sign_all(declarations(count))
    cover = {"format": FORMAT_NAME, "format_version": str(FORMAT_VERSION), "kind": KIND_UNIT, "unit_code": "1311",
             "unit_name": "清河市公安局", "campaign_id": "c" * 32, "campaign_name": "2026年度专项登记",
             "campaign_start": "2026-11-01", "campaign_deadline": "2026-12-31", "commitment_version": "2026.1",
             "commitment_sha256": COMMITMENT, "commitment_text": COMMITMENT_TEXT, "declarations": str(count),
             "interests": str(sum(len(s.declaration.interests) for s in signed)), "missing": "0",
             "exported_at": "2026-11-21T09:30:00Z", "exporter_login": "000001", "exporter_name": HEAD_NAME,
             "exporter_fingerprint": HEAD_KEY.fingerprint, "audit_head": "1:" + "0" * 64}
    keys = [KeyEntry(HEAD_KEY.fingerprint, HEAD_KEY.public_key, "exporter", "000001", "000001", HEAD_NAME, "1311")]
    entries = [DeclarationEntry(s, "countersigned", False, HEAD_NAME) for s in signed]
    content = WorkbookContent(cover, entries, keys, [])
    return WorkbookContent(cover, entries, keys, [], HEAD_KEY.sign(batch_payload(content)))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def runs(values: list[float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def xlsxwriter_reference(content: WorkbookContent, path: Path) -> float:
    import xlsxwriter

    from desktop.exchange.cells import to_text
    from desktop.exchange.columns import DECLARATION_COLUMNS, INTEREST_COLUMNS

    catalog = default_catalog()
    started = time.perf_counter()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_numbers": False})
    for name, columns, rows in (
        ("decl", DECLARATION_COLUMNS, (declaration_row(e) for e in content.declarations)),
        ("int", INTEREST_COLUMNS, (r for e in content.declarations for r in interest_rows(e, catalog))),
    ):
        sheet = book.add_worksheet(name)
        for index, row in enumerate(rows):
            sheet.write_row(index, 0, [to_text(c.kind, row.get(c.key)) for c in columns])
    book.close()
    return time.perf_counter() - started


def run_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r})\n{code}"],
                          check=True, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


# -- export --------------------------------------------------------------------------------------------------------


def export_once(pickled: str, out: str) -> None:
    """In a fresh process: load the prepared records, then export; prints seconds, peak RSS and RSS before."""
    with open(pickled, "rb") as handle:
        content = pickle.load(handle)
    before = peak_rss_mb()
    started = time.perf_counter()
    write_workbook(Path(out), content)
    seconds = time.perf_counter() - started
    print(f"{seconds} {peak_rss_mb()} {before}")


# -- import --------------------------------------------------------------------------------------------------------


def import_once(path: str) -> None:
    """In a fresh process, so that its peak RSS is the import's alone; prints seconds, RSS and counts."""
    from desktop.domain.roles import Role
    from desktop.domain.units import Unit
    from desktop.services import accounts
    from desktop.services.clock import FixedClock
    from desktop.services.login import log_in
    from desktop.services.setup import create_store
    from desktop.services.throttle import LoginThrottle
    from desktop.services.workbook_import import import_workbook
    from desktop.store.store import StorePaths

    clock = FixedClock(dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
    folder = Path(tempfile.mkdtemp(prefix="bench-store-")) / "store"
    admin = create_store(StorePaths(folder), unit=Unit("1311", "清河市公安局"), admin_login="admin",
                         admin_password="bench-admin-pass-1", clock=clock, demo=True).session
    accounts.add_account(admin, login="jijian01", password="bench-insp-pass-1", roles=frozenset({Role.INSPECTOR}))
    admin.store.lock()
    session = log_in(StorePaths(folder), "jijian01", "bench-insp-pass-1", clock=clock,
                     throttle=LoginThrottle(folder.parent / "throttle.json"))
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        pool.submit(int).result()  # workers started before the clock runs, as in a long-lived application
        started = time.perf_counter()
        result = import_workbook(session, Path(path), executor=pool)
        seconds = time.perf_counter() - started
    session.lock()
    print(f"{seconds} {peak_rss_mb()} {result.declarations} {result.valid} {int(result.workbook_valid)}")


# -- unit export from a real store ---------------------------------------------------------------------------------


def unit_store(count: int, folder: Path) -> tuple[object, str]:
    """A SQLCipher store with ``count`` countersigned declarations of one unit tree, bulk-inserted with Core; returns
    an administrator's session and the root unit's code."""
    import dataclasses

    from desktop.crypto.payloads import countersign_payload, officer_payload
    from desktop.domain.officers import Officer
    from desktop.domain.roles import Role
    from desktop.services import accounts
    from desktop.services.campaigns import create_campaign
    from desktop.services.clock import FixedClock, timestamp
    from desktop.services.demo import build_roster
    from desktop.services.login import log_in
    from desktop.services.setup import create_store
    from desktop.services.throttle import LoginThrottle
    from desktop.store import schema
    from desktop.store.repositories.declarations import content_json
    from desktop.store.repositories.officers import save_officers
    from desktop.store.repositories.units import save_units
    from desktop.store.store import StorePaths

    clock = FixedClock(dt.datetime(2026, 11, 21, tzinfo=dt.UTC))
    units, _officers = build_roster(min(count, 5000), 7)
    root = units[0]
    paths = StorePaths(folder)
    admin = create_store(paths, unit=root, admin_login="admin", admin_password="bench-admin-pass-1", clock=clock,
                         demo=True).session
    head_officer = Officer("H00001", HEAD_NAME, "110101197001010011", root.code, "局长", "", True, True, True)
    items = declarations(count)
    with admin.store.transaction() as connection:
        save_units(connection, units[1:])
        save_officers(connection, [head_officer, *(d.officer for d in items)])
    accounts.add_account(admin, login="head01", password="bench-head-pass-1",
                         roles=frozenset({Role.UNIT_HEAD, Role.OFFICER}), police_number="H00001", unit_code=root.code)
    campaign = create_campaign(admin, name="2026年度专项登记", deadline=dt.date(2026, 12, 31),
                               commitment_text=COMMITMENT_TEXT)
    head = log_in(paths, "head01", "bench-head-pass-1", clock=clock,
                  throttle=LoginThrottle(folder.parent / "throttle.json"))
    head_key = head.signing_key
    now = timestamp(clock)
    declaration_rows, signature_rows = [], []
    with admin.store.transaction() as connection:
        head_id = connection.execute(schema.accounts.select().where(schema.accounts.c.login == "head01")).one().id
        for index, item in enumerate(items):
            item = dataclasses.replace(item, campaign_id=campaign.id)
            declaration_id = uuid.UUID(int=index + 1).hex
            payload = officer_payload(item, declaration_id=declaration_id, version=1,
                                      commitment_sha256=campaign.commitment_sha256,
                                      signer_fingerprint=OFFICER_KEY.fingerprint, signed_at="2026-11-21T09:30:00Z")
            officer_signature = OFFICER_KEY.sign(payload)
            counter = countersign_payload(payload, officer_signature, officer_public_key=OFFICER_KEY.public_key,
                                          opinion="经核对，填报属实。", countersigner_fingerprint=head_key.fingerprint,
                                          countersigned_at="2026-11-22T09:30:00Z")
            declaration_rows.append({"id": declaration_id, "campaign_id": campaign.id,
                                     "police_number": item.officer.police_number, "version": 1,
                                     "status": "countersigned", "content": content_json(item), "created_at": now,
                                     "updated_at": now, "supersedes": None})
            signature_rows.append({"declaration_id": declaration_id, "kind": "officer", "signer_account_id": None,
                                   "signer_fingerprint": OFFICER_KEY.fingerprint,
                                   "signed_at": "2026-11-21T09:30:00Z",
                                   "commitment_sha256": campaign.commitment_sha256, "opinion": None,
                                   "officer_public_key": None, "signature": officer_signature, "is_late": False,
                                   "void": False})
            signature_rows.append({"declaration_id": declaration_id, "kind": "countersignature",
                                   "signer_account_id": head_id, "signer_fingerprint": head_key.fingerprint,
                                   "signed_at": "2026-11-22T09:30:00Z", "commitment_sha256": None,
                                   "opinion": "经核对，填报属实。", "officer_public_key": OFFICER_KEY.public_key,
                                   "signature": head_key.sign(counter), "is_late": False, "void": False})
        connection.execute(schema.declarations.insert(), declaration_rows)
        connection.execute(schema.signatures.insert(), signature_rows)
    head.lock()
    return admin, root.code


def unit_export(count: int, repeat: int) -> tuple[list[float], int, bool]:
    from desktop.exchange.reader import read_workbook
    from desktop.exchange.verify import verify_workbook
    from desktop.services.export import export_unit

    work = Path(tempfile.mkdtemp(prefix="bench-unit-"))
    admin, root = unit_store(count, work / "store")
    seconds = []
    for run in range(repeat):
        out = work / f"unit-{run}.xlsx"
        started = time.perf_counter()
        summary = export_unit(admin, out, unit_code=root)  # type: ignore[arg-type]
        seconds.append(time.perf_counter() - started)
    verdict_ = verify_workbook(read_workbook(out))
    return seconds, summary.declarations, verdict_.valid


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reference-repeat", type=int, default=1)
    parser.add_argument("--unit-count", type=int, default=1000)
    parser.add_argument("--skip-pandas", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-workbooks-"))

    started = time.perf_counter()
    seconds, declarations_, valid = unit_export(args.unit_count, args.repeat)
    print(f"unit export (export_unit, real store) of {declarations_} declarations: median {median(seconds):.2f} s "
          f"({runs(seconds)}); target ≤ {UNIT_EXPORT_TARGET_S} s: {verdict(median(seconds) <= UNIT_EXPORT_TARGET_S)}"
          f"; the file verifies: {valid}  [store built in {time.perf_counter() - started:.0f} s]")

    started = time.perf_counter()
    content = content_for(args.count)
    interests = sum(len(e.signed.declaration.interests) for e in content.declarations)
    pickled = work / "content.pickle"
    pickled.write_bytes(pickle.dumps(content))
    print(f"prepared {args.count} signed declarations, {interests} interests in {time.perf_counter() - started:.0f} s")

    ours = work / "export.xlsx"
    export_runs = []
    for _ in range(args.repeat):
        line = run_python(f"from bench.bench_workbooks import export_once; export_once({str(pickled)!r}, "
                          f"{str(ours)!r})")
        export_runs.append([float(v) for v in line.split()])
    export_seconds = [r[0] for r in export_runs]
    rss_peak = median([r[1] for r in export_runs])
    rss_before = median([r[2] for r in export_runs])
    references = [xlsxwriter_reference(content, work / "xlsxwriter.xlsx") for _ in range(args.reference_repeat)]
    reference = median(references)
    del content
    print(f"export of {args.count} declarations: median {median(export_seconds):.2f} s ({runs(export_seconds)}), "
          f"file {ours.stat().st_size / 1e6:.1f} MB")
    print(f"  xlsxwriter constant_memory, same rows: {reference:.2f} s ({runs(references)}); ratio "
          f"{median(export_seconds) / reference:.2f}, target ≤ 1.0: {verdict(median(export_seconds) <= reference)}")
    print(f"  peak RSS {rss_peak:.0f} MB, of which the loaded records {rss_before:.0f} MB, the export "
          f"{rss_peak - rss_before:.0f} MB; target ≤ {EXPORT_RSS_MB} MB: {verdict(rss_peak <= EXPORT_RSS_MB)} "
          f"(export alone: {verdict(rss_peak - rss_before <= EXPORT_RSS_MB)})")

    import_runs = []
    for _ in range(args.repeat):
        line = run_python(f"from bench.bench_workbooks import import_once; import_once({str(ours)!r})")
        import_runs.append([float(v) for v in line.split()])
    import_seconds = [r[0] for r in import_runs]
    import_rss = median([r[1] for r in import_runs])
    _s, _rss, stored, valid_count, workbook_valid = import_runs[-1]
    print(f"import + verify + store of {int(stored)} declarations ({int(valid_count)} valid, workbook valid: "
          f"{bool(workbook_valid)}): median {median(import_seconds):.2f} s ({runs(import_seconds)}); target ≤ "
          f"{IMPORT_TARGET_S} s: {verdict(median(import_seconds) <= IMPORT_TARGET_S)}")
    print(f"  peak RSS {import_rss:.0f} MB; target ≤ {IMPORT_RSS_MB} MB: {verdict(import_rss <= IMPORT_RSS_MB)}")

    if not args.skip_pandas:
        import warnings

        import pandas

        pandas_runs = []
        for _ in range(args.reference_repeat):
            started = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pandas.read_excel(ours, sheet_name=None)
            pandas_runs.append(time.perf_counter() - started)
        pandas_seconds = median(pandas_runs)
        print(f"  pandas.read_excel (default engine), all sheets, read only: {pandas_seconds:.2f} s "
              f"({runs(pandas_runs)}); import ratio {median(import_seconds) / pandas_seconds:.2f}, target ≤ 0.5: "
              f"{verdict(median(import_seconds) <= 0.5 * pandas_seconds)}")


if __name__ == "__main__":
    main()
