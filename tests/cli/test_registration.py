"""How the command line is put together: each commands module registers its own commands, a name or a handler is
registered once, and building the parser (``--help``) or verifying a small workbook loads no heavy library."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import build_parser
from desktop.commands.registry import CommandGroup, CommandParser, DuplicateCommand
from desktop.i18n import Translator
from desktop.services.workflow.export import export_unit
from tests.cli.support import REPO, clean_env
from tests.conftest import RICH_HEAD, DemoWorld

#: What neither ``--help`` nor ``verify`` of a small workbook needs; each costs tens of milliseconds or more to import.
HEAVY = ("openpyxl", "numpy", "faker", "sqlalchemy", "sqlcipher3", "PySide6")

#: Runs the CLI with argv[2:] and prints its exit code and which of the modules named in argv[1] it imported.
_LOADED = """
import json, sys
from desktop.cli import main
code = main(sys.argv[2:])
print(json.dumps({"code": code, "loaded": sorted(m for m in json.loads(sys.argv[1]) if m in sys.modules)}))
"""


def handler_one(ctx: object) -> int:
    return 0


def handler_two(ctx: object) -> int:
    return 1


def a_group() -> tuple[CommandParser, CommandGroup]:
    parser = CommandParser(prog="officer-declare")
    common = argparse.ArgumentParser(add_help=False)
    group = CommandGroup(parser.add_subparsers(dest="command", required=True), Translator("en"), common)
    return parser, group


def loaded_by(argv: list[str], home: Path) -> dict[str, object]:
    """``officer-declare argv`` in a fresh interpreter: its exit code and the heavy modules it imported."""
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, json.dumps(HEAVY), *argv],
        capture_output=True,
        text=True,
        env=clean_env(home, PYTHONPATH=str(REPO), OFFICER_DECLARE_LANG="en"),
        cwd=home,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


# -- registration --------------------------------------------------------------------------------------------------


def test_a_command_registered_twice_fails_loudly_naming_it() -> None:
    _parser, group = a_group()
    group.command("import", "import", handler_one)

    with pytest.raises(DuplicateCommand, match="officer-declare import"):
        group.command("import", "import again", handler_two)


def test_a_group_registered_twice_fails_loudly() -> None:
    _parser, group = a_group()
    group.group("keys", "keys")

    with pytest.raises(DuplicateCommand, match="officer-declare keys"):
        group.group("keys", "keys again")


def test_a_command_in_a_group_registered_twice_fails_loudly() -> None:
    _parser, group = a_group()
    keys = group.group("keys", "keys")
    keys.command("list", "list", handler_one)

    with pytest.raises(DuplicateCommand, match="officer-declare keys list"):
        keys.command("list", "list again", handler_two)


def test_a_registered_handler_cannot_be_replaced_afterwards() -> None:
    parser, group = a_group()
    demo = group.command("demo", "demo", handler_one)
    demo.set_defaults(officers=60)  # other defaults may still be set

    with pytest.raises(DuplicateCommand, match="handler_one"):
        demo.set_defaults(handler=handler_two)
    assert parser.parse_args(["demo"]).handler is handler_one


def test_every_command_runs_the_handler_of_the_module_that_registers_it() -> None:
    parser = build_parser(Translator("en"))

    for argv, module in (
        (["import", "x.xlsx"], "desktop.commands.exchange"),
        (["demo"], "desktop.commands.store_cmds"),
        (["start"], "desktop.commands.store_cmds"),
        (["findings"], "desktop.commands.review"),
        (["keys", "list"], "desktop.commands.review"),
        (["users", "list"], "desktop.commands.users"),
    ):
        assert parser.parse_args(argv).handler.__module__ == module, argv


def test_import_accepts_a_database_url() -> None:
    args = build_parser(Translator("en")).parse_args(["import", "a.xlsx", "--database-url", "postgresql://h/db"])

    assert args.database_url == "postgresql://h/db"


# -- what starting the command line loads --------------------------------------------------------------------------


def test_help_in_a_fresh_interpreter_imports_no_heavy_library(tmp_path: Path) -> None:
    found = loaded_by(["--help"], tmp_path)

    assert found == {"code": 0, "loaded": []}


@pytest.mark.parametrize("command", ["verify", "import", "users", "keys"])
def test_a_command_s_help_imports_no_heavy_library(tmp_path: Path, command: str) -> None:
    assert loaded_by([command, "--help"], tmp_path) == {"code": 0, "loaded": []}


def test_verify_of_a_small_workbook_imports_no_store_no_faker_no_openpyxl_and_no_qt(
    demo_world: DemoWorld, tmp_path: Path
) -> None:
    small = tmp_path / "small.xlsx"
    head = demo_world.login(RICH_HEAD)
    try:
        export_unit(head, small)
    finally:
        head.lock()

    found = loaded_by(["verify", str(small)], tmp_path)

    assert found == {"code": 4, "loaded": []}  # read and consistent; no --trust given
