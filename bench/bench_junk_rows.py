"""The hostile case of decision 146: a unit's export made shared-string (as another program saves it) with ``--rows``
rows of one shared-string cell appended to its declarations sheet (``--far``: one of them at column CV, so that the
streamed reader pads every row to 100 columns). ``verify`` runs in a process of its own, --runs times; printed: the
file's size, the exit code, the sum of every process's own peak (tests/process_tree.py, the median), and the figure
line (bench/measure.py: median wall and CPU of the verifying process, the load average at the start and end),
against the hostile-input bound of DESIGN.md (300 MB, 20 s).

    .venv/bin/python bench/bench_junk_rows.py [--rows 100000] [--far | --ones | --unique | --orphans]
        [--asked] [--interests-one-id] [--raise-counts] [--family | --family-orphans] [--own-xml] [--import]
        [--timeout 180] [--runs 3]

``--raise-counts``: the cover's declarations count raised to ``--rows`` and the batch re-signed by a fresh key, so
that decision 150's check lets the rows through and decision 152's cap on problems is what bounds the cost.
``--ones``: each junk row holds ``1`` in the two whole-number cells (version, interest count) and nothing else, as
shared strings: no cell fails its conversion, and each row is refused only as a declaration (its id, empty, repeated;
decisions 188, 199). ``--unique``: as ``--ones``, each row also holding its own declaration id (an inline text in A,
``j`` and its row number): no id repeats (decision 203). ``--orphans``: the junk rows go to the interests sheet instead,
each a copy of the unit's last interest row (every cell read without a problem) naming the declaration id ``orphan``,
none of the workbook's: each is reported only as an interest that belongs to no declaration (decision 203).
``--interests-one-id``: as ``--orphans``, each row naming the declaration of the row copied (the workbook's own):
each a valid interest row, bounded only by the form's most interests (decision 234); with ``--raise-counts`` (the
cover's interests count raised, else the rows past it are refused at once, decision 150).
``--asked``: the junk rows go to the interests sheet, each holding the id ``orphan``, ``1`` in the row number and a
question of the form (亲属经商办企业), nothing else: each is refused for its relation (decision 203).
``--family``: instead of the unit's export, a signed form 2 workbook (one declaration of two family members, made as
tests/exchange/workbook/form2_workbook.py makes it), with ``--rows`` family rows appended as shared strings, each a
copy of its last family row naming its own declaration: each a valid member row, bounded only by the form's most
family members (decision 222); the cover counts no family rows, so ``--raise-counts`` is not needed.
``--family-orphans``: the same, each row naming the id ``orphan``, none of the workbook's (decision 220).
``--per-id N``: with ``--family-orphans``, the ids ``orphan0``, ``orphan1``, … each named by N rows in turn (50: many
orphan ids, none past the form's most family members; decisions 222's review, 235).
``--own-xml``: with ``--family`` or ``--family-orphans``, the rows in our own XML (inline texts) instead; with
``--orphans``, the workbook is left in our own XML (read strictly) and so are the junk rows (decision 226).
``--import``: the window's import (with workers) is measured instead of ``verify``.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import statistics
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the checkout, not bench/

from bench.measure import add_runs_argument, children_cpu, figure, load_average, run_of, verdict
from desktop.crypto.signing import SigningKey
from desktop.exchange.workbook.model import WorkbookContent, batch_payload
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.writer import write_workbook
from tests.cli.support import clean_env
from tests.exchange.workbook import oversized
from tests.process_tree import run_measured

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "tests" / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"
FRESH = SigningKey.from_raw(b"j" * 32)  # the attacker's key, never trusted


def raised_counts(target: Path, rows: int, counted: str = "declarations") -> Path:
    """The unit export with its cover counting ``rows`` ``counted`` (declarations or interests) and its batch signed
    again by a fresh key (an attacker's: flagged as untrusted, yet read), so that junk rows up to ``rows`` pass
    decision 150's check."""
    content = read_workbook(UNIT).content
    exporter = content.cover["exporter_fingerprint"]
    keys = [
        dataclasses.replace(k, fingerprint=FRESH.fingerprint, public_key=FRESH.public_key)
        if k.fingerprint == exporter
        else k
        for k in content.keys
    ]
    cover = {**content.cover, "exporter_fingerprint": FRESH.fingerprint, counted: str(rows)}
    unsigned = WorkbookContent(cover, content.declarations, keys, content.missing)
    write_workbook(target, dataclasses.replace(unsigned, batch_signature=FRESH.sign(batch_payload(unsigned))))
    return target


#: A junk row of ``--unique``: its own id (an inline text) in A, and ONES_ROW's cells.
UNIQUE_ROW = (
    b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>j%d</t></is></c><c r="B%d" t="s"><v>%d</v></c>'
    b'<c r="T%d" t="s"><v>%d</v></c></row>'
)
#: The unit's last interest row (a whole one, read without a problem), whose cells and declaration id ``--orphans``
#: repeats in each junk row, its row number and its id in A (an inline text) replaced.
ORPHAN_ID = b"orphan"
#: A junk row of ``--asked`` on the interests sheet: the id ``orphan`` (inline), ``1`` in B and a question in E
#: (shared strings, their indexes given).
ASKED_ROW = (
    b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>orphan</t></is></c><c r="B%d" t="s"><v>%d</v></c>'
    b'<c r="E%d" t="s"><v>%d</v></c></row>'
)
INTERESTS_PART = "xl/worksheets/sheet3.xml"

#: A junk row of ``--ones``: ``1`` (the shared string of that index) in the version (B) and interest count (T) cells
#: of the unit's declarations sheet.
ONES_ROW = b'<row r="%d"><c r="B%d" t="s"><v>%d</v></c><c r="T%d" t="s"><v>%d</v></c></row>'


#: The family members sheet of a form 2 workbook as our writer writes it (the third sheet).
FAMILY_PART = "xl/worksheets/sheet3.xml"


def build_family(target: Path, rows: int, orphan: bool = False, shared: bool = True, per_id: int = 0) -> Path:
    """A signed form 2 workbook (one declaration of two family members) with ``rows`` family rows appended, each a
    copy of its last family row naming its own declaration (``orphan``: the id ``orphan``, none of the workbook's;
    with ``per_id``, the ids ``orphan0``, ``orphan1``, … each named by ``per_id`` rows in turn, so that no id passes
    the form's most family members when ``per_id`` is at most 50); as shared strings, as another program saves it
    (``shared``), or in our own XML."""
    from tests.exchange.workbook.form2_workbook import write_form2_workbook

    source = write_form2_workbook(target.with_name("form2.xlsx"))
    if shared:
        source = oversized.as_shared_strings(source, target.with_name("form2-shared.xlsx"))

    def change(name: str, data: bytes) -> Iterator[bytes] | None:
        if name != FAMILY_PART:
            return None
        at = data.rindex(b"</sheetData>")
        last = int(re.findall(rb'<row r="([0-9]+)"', data)[-1])
        model = re.findall(rb'<row r="%d".*?</row>' % last, data, re.DOTALL)[0]
        if orphan:
            cell = b'<c r="A%d" t="inlineStr"><is><t>%s@ID@</t></is></c>' % (last, ORPHAN_ID)
            model = re.sub(rb'<c r="A%d"[^>]*?(?:/>|>.*?</c>)' % last, lambda _m: cell, model, count=1)
        model = re.sub(rb'(r="[A-Z]*)%d"' % last, rb'\g<1>%d"', model.replace(b"%", b"%%"))

        def row(n: int) -> bytes:
            made = model % ((n,) * model.count(b"%d"))
            return made.replace(b"@ID@", b"%d" % ((n - last - 1) // per_id) if per_id else b"")

        def pieces() -> Iterator[bytes]:
            yield data[:at]
            yield from oversized._batched(row(n) for n in range(last + 1, last + 1 + rows))
            yield data[at:]

        return pieces()

    return oversized._copy(source, target, change)


def build(
    target: Path,
    rows: int,
    far: bool,
    raise_counts: bool = False,
    ones: bool = False,
    unique: bool = False,
    orphans: bool = False,
    asked: bool = False,
    own: bool = False,
    one_id: bool = False,
) -> Path:
    """The export made shared-string, with junk rows up to row ``rows`` of its declarations sheet (``raise_counts``:
    its cover's count raised to match and the batch re-signed by a fresh key; ``ones``: each row ``1`` in the
    whole-number cells, as ONES_ROW; ``own``: ``orphans`` in our own XML; ``one_id``: with ``orphans``, the rows
    keep the declaration id of the row copied)."""
    counted = "interests" if orphans or asked else "declarations"
    source = raised_counts(target.with_name("raised.xlsx"), rows, counted) if raise_counts else UNIT
    if own:
        assert orphans, "--own-xml: family or orphan rows only"
        return oversized._copy(
            source, target, lambda name, data: _own_orphans(data, rows, one_id) if name == INTERESTS_PART else None
        )
    resaved = oversized.as_shared_strings(source, target.with_name("resaved.xlsx"))
    with zipfile.ZipFile(resaved) as archive:
        strings = archive.read("xl/sharedStrings.xml").split(b"<si>")[1:]
        one = strings.index(b"<t>1</t></si>")
        question = strings.index("<t>亲属经商办企业</t></si>".encode())

    def change(name: str, data: bytes) -> Iterator[bytes] | None:
        if name != (INTERESTS_PART if orphans or asked else oversized.DECLARATIONS_PART):
            return None
        at = data.rindex(b"</sheetData>")
        last = int(re.findall(rb'<row r="([0-9]+)"', data)[-1])

        def pieces() -> Iterator[bytes]:
            yield data[:at]
            if asked:
                made = (ASKED_ROW % (n, n, n, one, n, question) for n in range(last + 1, last + 1 + rows))
                yield from oversized._batched(made)
                yield data[at:]
                return
            if orphans:
                model = re.findall(rb'<row r="%d".*?</row>' % last, data)[0]
                orphan = b'<c r="A%d" t="inlineStr"><is><t>%s</t></is></c>' % (last, ORPHAN_ID)
                if not one_id:
                    model = re.sub(rb'<c r="A%d"[^>]*?(?:/>|>.*?</c>)' % last, lambda _m: orphan, model, count=1)
                made = (model.replace(b'%d"' % last, b'%d"' % n) for n in range(last + 1, last + 1 + rows))
                yield from oversized._batched(made)
                yield data[at:]
                return
            if unique:
                made = (UNIQUE_ROW % (n, n, n, n, one, n, one) for n in range(last + 1, rows + 1))
                yield from oversized._batched(made)
                yield data[at:]
                return
            if ones:
                yield from oversized._batched(ONES_ROW % (n, n, one, n, one) for n in range(last + 1, rows + 1))
                yield data[at:]
                return
            first = b'<row r="%d"><c r="%s%d" t="s"><v>0</v></c></row>'
            yield first % (last + 1, b"CV" if far else b"A", last + 1)
            rest = (b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n) for n in range(last + 2, rows + 1))
            yield from oversized._batched(rest)
            yield data[at:]

        return pieces()

    return oversized._copy(resaved, target, change)


def _own_orphans(data: bytes, rows: int, one_id: bool = False) -> Iterator[bytes]:
    """The interests sheet in our own XML with ``rows`` copies of its last row appended, each naming the declaration
    id ``orphan`` (an inline text in A; ``one_id``: the id of the row copied) and numbered in turn."""
    at = data.rindex(b"</sheetData>")
    last = int(re.findall(rb'<row r="([0-9]+)"', data)[-1])
    model = re.findall(rb'<row r="%d".*?</row>' % last, data)[0]
    orphan = b'<c r="A%d" t="inlineStr"><is><t>%s</t></is></c>' % (last, ORPHAN_ID)
    if not one_id:
        model = re.sub(rb'<c r="A%d"[^>]*?(?:/>|>.*?</c>)' % last, lambda _m: orphan, model, count=1)
    parts = re.split(rb'( r="[A-Z]*)%d"' % last, model)  # the row's and its cells' references, numbered anew
    yield data[:at]
    yield from oversized._batched(
        b"".join(p if i % 2 == 0 else p + b'%d"' % n for i, p in enumerate(parts))
        for n in range(last + 1, last + 1 + rows)
    )
    yield data[at:]


def import_once(path: str) -> None:
    """The import of ``path`` by an inspector, with a pool of workers started before the clock runs (as in the
    window): prints the seconds and CPU-seconds (this process and its waited-for workers) of the import alone, and
    its refusal's code (or "stored")."""
    import os
    import time
    from concurrent.futures import ProcessPoolExecutor

    from bench.bench_workbooks import inspector_session
    from desktop.exchange.xlsx.errors import WorkbookError
    from desktop.services.inspection.workbook_import import import_workbook

    session = inspector_session("bench-junk-")
    with ProcessPoolExecutor(os.cpu_count() or 1) as pool:
        pool.submit(int).result()
        before, started = os.times(), time.perf_counter()
        try:
            import_workbook(session, Path(path), executor=pool)
            said = "stored"
        except WorkbookError as refused:
            said = refused.code
        seconds = time.perf_counter() - started
    after = os.times()
    session.lock()
    print(f"{seconds:.2f} s, {sum(after[:4]) - sum(before[:4]):.2f} CPU-s, {said}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--far", action="store_true")
    parser.add_argument("--ones", action="store_true", help="junk rows of 1 in the whole-number cells, nothing else")
    parser.add_argument("--unique", action="store_true", help="as --ones, each row with its own declaration id")
    parser.add_argument("--orphans", action="store_true", help="junk interest rows naming no declaration")
    parser.add_argument("--asked", action="store_true", help="junk interest rows of an id, 1 and a question")
    parser.add_argument(
        "--interests-one-id", action="store_true", help="junk interest rows naming the workbook's own declaration"
    )
    parser.add_argument(
        "--raise-counts", action="store_true", help="raise the cover's counts and re-sign the batch by a fresh key"
    )
    parser.add_argument("--family", action="store_true", help="form 2: family rows naming their own declaration")
    parser.add_argument("--family-orphans", action="store_true", help="form 2: family rows naming no declaration")
    parser.add_argument("--per-id", type=int, default=0, help="with --family-orphans: rows per orphan id (many ids)")
    parser.add_argument(
        "--own-xml", action="store_true", help="junk rows (with --orphans: the workbook) in our own XML"
    )
    parser.add_argument(
        "--import", dest="importing", action="store_true", help="the window's import (with workers), not verify"
    )
    parser.add_argument("--timeout", type=float, default=180)
    add_runs_argument(parser)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if options.family or options.family_orphans:
            path = build_family(
                Path(folder) / "junk.xlsx", options.rows, options.family_orphans, not options.own_xml, options.per_id
            )
        else:
            path = build(
                Path(folder) / "junk.xlsx",
                options.rows,
                options.far,
                options.raise_counts,
                options.ones,
                options.unique,
                options.orphans or options.interests_one_id,
                options.asked,
                options.own_xml,
                options.interests_one_id,
            )
        env = clean_env(Path(folder), PYTHONPATH=str(ROOT), OFFICER_DECLARE_LANG="en")
        timing, memory, pss, codes = [], [], [], set()
        command = [sys.executable, "-m", "desktop", "verify", str(path)]
        if options.importing:
            command = [
                sys.executable,
                "-c",
                f"from bench.bench_junk_rows import import_once; import_once({str(path)!r})",
            ]
        for _ in range(max(options.runs, 1)):
            load, cpu = load_average(), children_cpu()
            measured = run_measured(command, env, Path(folder), timeout=options.timeout)
            timing.append(run_of(measured.seconds, children_cpu() - cpu, load))
            memory.append(measured.bound_mb)
            pss.append(measured.peak_mb)
            codes.add(measured.code)
            if options.importing:
                print(f"  import alone: {measured.out.strip().splitlines()[-1] if measured.out.strip() else '?'}")
        what = (
            f"{'import' if options.importing else 'verify'}, {options.rows} junk rows"
            f"{' (far cell)' if options.far else ''}{' (ones)' if options.ones else ''}"
            f"{' (unique ids)' if options.unique else ''}{' (orphans)' if options.orphans else ''}"
            f"{' (asked)' if options.asked else ''}{' (interests of one id)' if options.interests_one_id else ''}"
            f"{' (form 2 family, own id)' if options.family else ''}"
            f"{' (form 2 family, orphan id)' if options.family_orphans else ''}"
            f"{f' ({options.per_id} rows per id)' if options.per_id else ''}"
            f"{' (our own XML)' if options.own_xml else ''}"
            f"{' (counts raised, re-signed)' if options.raise_counts else ''}"
        )
        peak = statistics.median(memory)
        print(f"{what}: file {path.stat().st_size / 2**20:.1f} MB, exit {', '.join(map(str, sorted(codes)))}")
        wall = statistics.median(r.wall for r in timing)
        print(
            figure(
                what,
                timing,
                f"bound ≤ 20 s wall: {verdict(wall <= 20)}; {peak:.0f} MB, bound ≤ 300 MB: {verdict(peak <= 300)}",
            )
        )
        print(f"  largest PSS of the tree: {' / '.join(f'{v:.0f}' for v in pss)} MB")
        said = (measured.out + measured.err).strip().splitlines()
        print(f"  {len(said)} lines; the first: {said[0][:200] if said else ''}")


if __name__ == "__main__":
    main()
