"""Registers (比对核查): importing a 1,000,000-row register extract (target ≤ 30 s) and matching 1,000,000 register
people against 50,000 declarations with 150,000 family members (target ≤ 10 s, ≤ 1 GB), on a SQLCipher store.

    .venv/bin/python bench/bench_registers.py [--rows 1000000] [--declarations 50000] [--family 3] [--runs 3]

The register is a .csv enterprise extract (three people per enterprise: the legal representative's row and two
shareholders' or managers' rows; 70 % of ID numbers full, 20 % masked, 10 % absent with a birth date). Some register
people are declared people: 2 % of the officers by full ID number, 1 % of the family members by a masked ID number
and the name, 0.5 % by name and birth date. Each phase runs in its own process, so its peak RSS is its own; the
import parses the file in a second process (its CPU and peak RSS are shown apart). The import runs --runs times, each
into its own copy of the store as it was before any import; matching runs --runs times (--match-runs, its older
name), each in a new process on the first copy. Each is a figure line (bench/measure.py): the median wall time and
CPU time of the phase's processes (for the import, the storing process and the parsing one), the load average at
the start and end.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stdnum.cn import ric

from bench.measure import Run, add_runs_argument, figure, load_average, median_wall, run_of, verdict
from bench.memory import peak_rss_mb

IMPORT_TARGET_S, MATCH_TARGET_S, MATCH_RSS_MB = 30.0, 10.0, 1024
CAMPAIGN = "c" * 32
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉鹏宇浩"


def id_number(rng: random.Random) -> str:
    body = f"{rng.choice(('110101', '220402', '131121', '350100'))}{rng.randint(1950, 2005)}"
    body += f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(1, 999):03d}"
    return body + ric.calc_check_digit(body + "0")


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def declared(declarations: int, family: int, seed: int) -> list[tuple[int, int, str, str, str]]:
    """(declaration row, seq, relation, name, ID number) of every declared person."""
    rng = random.Random(seed)
    relations = ("spouse", "child", "parent", "sibling")
    people = []
    for row in range(1, declarations + 1):
        people.append((row, 0, "self", name(rng), id_number(rng)))
        for seq in range(1, family + 1):
            people.append((row, seq, relations[seq % len(relations)], name(rng), id_number(rng)))
    return people


def write_register(path: Path, rows: int, people: list[tuple[int, int, str, str, str]], seed: int) -> None:
    rng = random.Random(seed + 1)
    officers = [p for p in people if p[1] == 0]
    family = [p for p in people if p[1] > 0]
    planted = {i: ("full", p) for i, p in zip(rng.sample(range(rows), len(officers) // 50), officers, strict=False)}
    masked = rng.sample(range(rows), len(family) // 100)
    planted.update({i: ("masked", p) for i, p in zip(masked, family, strict=False)})
    born = rng.sample(range(rows), len(family) // 200)
    planted.update({i: ("birth", p) for i, p in zip(born, family[len(family) // 2 :], strict=False)})
    headings = ["企业名称", "统一社会信用代码", "登记状态", "住所", "经营范围", "人员姓名", "证件号码", "出生日期",
                "人员类型", "持股比例"]  # fmt: skip
    scopes = ("技术服务", "餐饮服务", "住宿服务", "日用百货零售", "机动车维修", "建筑工程")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headings)
        for i in range(rows):
            enterprise = i // 3
            kind, person = planted.get(i, (None, None))
            if person is None:
                who, number = name(rng), id_number(rng)
                kind = "full" if i % 10 < 7 else ("masked" if i % 10 < 9 else "birth")
            else:
                who, number = person[3], person[4]
            shown = number if kind == "full" else (number[:6] + "********" + number[14:] if kind == "masked" else "")
            birth = f"{number[6:10]}-{number[10:12]}-{number[12:14]}" if kind == "birth" else ""
            role = ("法定代表人", "股东", "监事")[i % 3]
            status = "存续" if enterprise % 9 else "注销"
            share = "30" if role == "股东" else ""
            firm, scope = f"清河市第{enterprise}号商贸有限公司", scopes[enterprise % len(scopes)]
            writer.writerow([firm, "", status, f"清河市{enterprise}号", scope, who, shown, birth, role, share])


def _store(folder: Path, key: bytes):  # an SQLCipher engine with the schema, and an inspector's session on it
    from desktop.domain.accounts import Account
    from desktop.domain.roles import Role
    from desktop.services.clock import SystemClock
    from desktop.services.inspection.review_store import ServerStore
    from desktop.services.session.session import Session
    from desktop.store.engine import open_engine
    from desktop.store.migrations import migrate
    from desktop.store.store import NEW_STORE_PAGE_SIZE

    engine = open_engine(folder / "bench.db", key, page_size=NEW_STORE_PAGE_SIZE)
    with engine.begin() as connection:
        migrate(connection)
    account = Account(0, "jijian01", frozenset({Role.INSPECTOR}), None, None, "jijian01", "")
    return engine, Session(ServerStore(engine), account, None, SystemClock())  # type: ignore[arg-type]


def fill_declarations(engine, people: list[tuple[int, int, str, str, str]]) -> None:
    from desktop.review.tuples import insert_tuples
    from desktop.store import schema

    rows = sorted({p[0] for p in people})
    with engine.begin() as connection:
        connection.execute(
            schema.imported_workbooks.insert().values(
                id="w" * 64, file_name="all.xlsx", file_sha256="0" * 64, imported_at="2027-01-05T00:00:00Z",
                imported_by="jijian01", kind="unit", unit_code="U1", unit_name="某局", campaign_id=CAMPAIGN,
                campaign_name="2026", campaign_deadline="2026-12-31", commitment_sha256="a" * 64,
                exporter_fingerprint="x", exporter_name="", exported_at="2027-01-01T00:00:00Z", declarations=len(rows),
                missing=0, valid=True, problems="[]",
            )
        )  # fmt: skip
        content = json.dumps({"interests": []})
        columns = ("id", "workbook_id", "declaration_id", "version", "campaign_id", "police_number", "name",
                   "id_number", "unit_code", "unit_name", "is_leadership_member", "is_unit_head", "is_division_level",
                   "content", "late", "valid", "failures", "sheet_row")  # fmt: skip
        officer = {p[0]: p for p in people if p[1] == 0}
        insert_tuples(
            connection,
            schema.imported_declarations,
            columns,
            [(r, "w" * 64, f"{r:032x}", 1, CAMPAIGN, f"{r:06d}", officer[r][3], officer[r][4], "U1", "某局", False,
              False, False, content, False, True, "[]", r + 1) for r in rows],
        )  # fmt: skip
        insert_tuples(
            connection,
            schema.declared_people,
            ("declaration_row", "seq", "relation", "member_id", "name", "id_number"),
            [(r, seq, relation, f"F{seq}" if seq else "", who, number) for r, seq, relation, who, number in people],
        )


def phase_import(folder: Path, key: bytes, register: Path) -> None:
    _engine, session = _store(folder, key)
    from desktop.services.inspection.registers import import_register

    started, cpu = time.perf_counter(), time.process_time()
    extract = import_register(session, register, "enterprise")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    reader = resource.getrusage(resource.RUSAGE_CHILDREN)  # the process that parsed the file, ended and waited for
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rss": peak_rss_mb(), "rows": extract.rows,
                      "people": extract.people, "reader_cpu": reader.ru_utime + reader.ru_stime,
                      "reader_rss": reader.ru_maxrss / 1024}))  # fmt: skip


def phase_match(folder: Path, key: bytes) -> None:
    engine, _session = _store(folder, key)
    from desktop.review.registers.loading import load_register_evidence

    started, cpu = time.perf_counter(), time.process_time()
    with engine.begin() as connection:
        evidence = load_register_evidence(connection, CAMPAIGN)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    strengths: dict[str, int] = {}
    for matches in evidence.matches.values():
        for found in matches:
            strengths[found.strength] = strengths.get(found.strength, 0) + 1
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rss": peak_rss_mb(), "people": evidence.people_checked,
                      "register": evidence.register_people, "matches": strengths}))  # fmt: skip


def _child(*args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr)
        raise SystemExit(done.returncode)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--declarations", type=int, default=50_000)
    parser.add_argument("--family", type=int, default=3, help="family members per declaration")
    parser.add_argument("--seed", type=int, default=14)
    add_runs_argument(parser, "--match-runs")
    parser.add_argument("--phase", choices=("import", "match"), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--key", help=argparse.SUPPRESS)
    parser.add_argument("--register", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "import":
        phase_import(Path(args.folder), bytes.fromhex(args.key), Path(args.register))
        return 0
    if args.phase == "match":
        phase_match(Path(args.folder), bytes.fromhex(args.key))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-registers-") as tmp:
        folder, key = Path(tmp), os.urandom(32)
        people = declared(args.declarations, args.family, args.seed)
        register = folder / "register.csv"
        started = time.perf_counter()
        write_register(register, args.rows, people, args.seed)
        engine, _session = _store(folder, key)
        fill_declarations(engine, people)
        engine.dispose()
        print(f"set-up: {len(people):,} declared people, a {args.rows:,}-row register "
              f"({register.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s")  # fmt: skip
        imports, import_timing = [], []
        for run in range(max(args.runs, 1)):
            copy = folder / f"run-{run}"
            copy.mkdir()
            shutil.copy(folder / "bench.db", copy / "bench.db")  # the store before any import
            load = load_average()
            imported = _child(
                "--phase", "import", "--folder", str(copy), "--key", key.hex(), "--register", str(register)
            )
            imports.append(imported)
            cpu = float(imported["cpu"]) + float(imported["reader_cpu"])  # type: ignore[arg-type]
            import_timing.append(run_of(float(imported["seconds"]), cpu, load))  # type: ignore[arg-type]
        matches, match_timing = [], []
        for _run in range(max(args.runs, 1)):
            load = load_average()
            matched = _child("--phase", "match", "--folder", str(folder / "run-0"), "--key", key.hex())
            matches.append(matched)
            match_timing.append(run_of(float(matched["seconds"]), float(matched["cpu"]), load))  # type: ignore[arg-type]
    report(args.declarations, imports, import_timing, matches, match_timing)
    return 0


def report(
    declarations: int,
    imports: list[dict[str, object]],
    import_timing: list[Run],
    matches: list[dict[str, object]],
    match_timing: list[Run],
) -> None:
    def median(runs: list[dict[str, object]], key: str) -> float:
        return statistics.median(float(r[key]) for r in runs)  # type: ignore[arg-type]

    seconds = median_wall(import_timing)
    imported = imports[0]
    print(
        figure(
            f"import of a {imported['rows']:,}-row register ({imported['people']:,} people)",
            import_timing,
            f"target ≤ {IMPORT_TARGET_S:.0f} s: {verdict(seconds <= IMPORT_TARGET_S)}",
        )
    )
    print(
        f"  CPU {median(imports, 'cpu'):.1f} s storing, {median(imports, 'reader_cpu'):.1f} s parsing in the second "
        f"process; peak RSS {median(imports, 'rss'):.0f} MB (parsing process {median(imports, 'reader_rss'):.0f} MB)"
    )
    seconds, rss = median_wall(match_timing), median(matches, "rss")
    matched = matches[0]
    print(
        figure(
            f"matching {matched['register']:,} register people against {matched['people']:,} declared people "
            f"({declarations:,} declarations)",
            match_timing,
            f"peak RSS {rss:.0f} MB; target ≤ {MATCH_TARGET_S:.0f} s and ≤ {MATCH_RSS_MB} MB: "
            f"{verdict(seconds <= MATCH_TARGET_S and rss <= MATCH_RSS_MB)}",
        )
    )
    print(f"  matches (first run) {matched['matches']}")


if __name__ == "__main__":
    raise SystemExit(main())
