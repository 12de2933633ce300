"""Speed in benchmarks, not timed tests (decision 249): no test asserts an upper bound on a wall time. A wall bound
measures the machine's load, not the code (the full-scale attacks of test_bounded_reading failed their 20 s at load
15–28, taking 22–45 s with the same CPU); bench/bench_hostile_files.py shows the 20 s target instead. A timeout that
only stops a runaway (run_measured's ``timeout``, a deadline in a waiting loop) is not an assertion of speed.

A bound is a duration on the bounded side of a comparison an assert makes (``assert`` and ``assertTrue``; ``assert
not`` and ``assertFalse`` turned round), of an ``if`` whose body fails the test (``pytest.fail``, ``raise
AssertionError``: the condition is the failure's), or of ``assertLess``/``assertLessEqual`` (``assertGreater``/
``assertGreaterEqual`` turned round); and any ``pytest.mark.timeout``. A duration is a name of one (seconds, elapsed,
wall, took, duration), anything computed with a clock call (``time.monotonic() - start``), or a name assigned from a
clock's difference (``spent = time.perf_counter() - t0``). A bare clock call against a deadline (``time.monotonic() <
deadline``) is a wait inside a ``while`` loop, and a bound anywhere else."""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
#: Names (variables, attributes, constants) that hold a duration.
_DURATION = re.compile(r"(seconds|elapsed|wall|took|duration)", re.IGNORECASE)
_CLOCKS = {
    f"{clock}{suffix}" for clock in ("time", "monotonic", "perf_counter", "process_time") for suffix in ("", "_ns")
}
_BELOW = (ast.Lt, ast.LtE)
_ABOVE = (ast.Gt, ast.GtE)
#: unittest's comparisons: the duration bounded is the first argument of these, the second of the others.
_LESS = {"assertLess", "assertLessEqual"}
_GREATER = {"assertGreater", "assertGreaterEqual"}


def _is_clock_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    called = node.func
    if isinstance(called, ast.Attribute):
        return called.attr in _CLOCKS and isinstance(called.value, ast.Name) and called.value.id == "time"
    return isinstance(called, ast.Name) and called.id in _CLOCKS - {"time"}


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _clock_differences(tree: ast.AST) -> set[str]:
    """The names assigned anywhere in ``tree`` from a difference with a clock call in it."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(
            isinstance(inner, ast.BinOp) and isinstance(inner.op, ast.Sub) and any(map(_is_clock_call, ast.walk(inner)))
            for inner in ast.walk(value)
        ):
            found.update(name for name in map(_name, targets) if name is not None)
    return found


class _Bounds(ast.NodeVisitor):
    def __init__(self, differences: set[str]) -> None:
        self.differences = differences
        self.lines: list[int] = []
        self.in_while = 0

    def _is_duration(self, node: ast.AST) -> bool:
        if _is_clock_call(node):
            return not self.in_while  # time.monotonic() < deadline: a wait in a loop, a bound elsewhere
        for inner in ast.walk(node):
            name = _name(inner)
            if _is_clock_call(inner) or (name is not None and (_DURATION.search(name) or name in self.differences)):
                return True
        return False

    def _bounds(self, test: ast.AST, failing: bool) -> bool:
        """Whether ``test`` bounds a duration from above; ``failing``: the test fails when it holds."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self._bounds(test.operand, not failing)
        if isinstance(test, ast.Compare):
            operands = [test.left, *test.comparators]
            below, above = (_ABOVE, _BELOW) if failing else (_BELOW, _ABOVE)
            return any(
                (isinstance(op, below) and self._is_duration(left))
                or (isinstance(op, above) and self._is_duration(right))
                for left, op, right in zip(operands, test.ops, operands[1:], strict=False)
            )
        return any(self._bounds(inner, failing) for inner in ast.iter_child_nodes(test))

    def _flag(self, node: ast.stmt | ast.expr) -> None:
        self.lines.append(node.lineno)

    def visit_While(self, node: ast.While) -> None:
        self.in_while += 1
        self.generic_visit(node)
        self.in_while -= 1

    def visit_Assert(self, node: ast.Assert) -> None:
        if self._bounds(node.test, failing=False):
            self._flag(node)
        self.generic_visit(node)

    def visit_If(self, node: ast.If) -> None:
        if any(_fails(statement) for statement in node.body) and self._bounds(node.test, failing=True):
            self._flag(node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        method, args = _name(node.func), node.args
        if (
            (method in _LESS and args and self._is_duration(args[0]))
            or (method in _GREATER and len(args) > 1 and self._is_duration(args[1]))
            or (method in {"assertTrue", "assertFalse"} and args and self._bounds(args[0], method == "assertFalse"))
        ):
            self._flag(node)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "timeout" and _name(node.value) == "mark":
            self._flag(node)
        self.generic_visit(node)


def _fails(statement: ast.stmt) -> bool:
    for node in ast.walk(statement):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "fail":
            return True
        if isinstance(node, ast.Raise) and node.exc is not None and "AssertionError" in ast.dump(node.exc):
            return True
    return False


def timed_assertions(source: str) -> list[int]:
    """Line numbers in ``source`` of the asserts (and failing ifs, unittest comparisons, timeouts) that bound a
    duration from above."""
    tree = ast.parse(source)
    bounds = _Bounds(_clock_differences(tree))
    bounds.visit(tree)
    return sorted(set(bounds.lines))


def test_the_check_sees_a_wall_bound_and_lets_a_runaway_guard_be() -> None:
    assert timed_assertions("assert measured.seconds <= MAX_SECONDS, 'slow'\n") == [1]
    assert timed_assertions("x = 1\nassert 0 < elapsed < 5\nassert 20 >= took\n") == [2, 3]
    assert timed_assertions("assert seconds > 0\nassert 0 < elapsed\n") == []  # a lower bound: a throttle's wait
    assert timed_assertions("assert measured.bound_mb <= 300\nassert window.idle.seconds == 180\n") == []


def test_the_check_sees_the_bounds_the_review_found() -> None:
    # Each of these was let through before the review of decision 249.
    assert timed_assertions("assert time.monotonic() - start < 20\n") == [1]
    assert timed_assertions("assert time.perf_counter() - t0 <= 5\n") == [1]
    assert timed_assertions("assert time.perf_counter_ns() - t0 <= 5e9\n") == [1]
    assert timed_assertions("t = time.monotonic() - t0\nassert t < 20\n") == [2]
    assert timed_assertions("spent = time.process_time() - t0\nassert 20 > spent\n") == [2]
    assert timed_assertions("self.assertLess(elapsed, 20)\nself.assertLessEqual(spent, 20)\n") == [1]
    assert timed_assertions("self.assertGreater(20, elapsed)\nself.assertTrue(took < 20)\n") == [1, 2]
    assert timed_assertions("if seconds > 20:\n    pytest.fail('slow')\n") == [1]
    assert timed_assertions("if not seconds <= 20:\n    raise AssertionError('slow')\n") == [1]
    assert timed_assertions("@pytest.mark.timeout(20)\ndef test_x():\n    pass\n") == [1]
    assert timed_assertions("pytestmark = [pytest.mark.timeout(20)]\n") == [1]
    assert timed_assertions("assert not (elapsed > 20)\n") == [1]
    assert timed_assertions("assert time.monotonic() < deadline\n") == [1]


def test_the_check_lets_a_wait_for_a_deadline_be() -> None:
    assert timed_assertions("while not done():\n    assert time.monotonic() < deadline\n") == []
    assert timed_assertions("while time.monotonic() < deadline:\n    sleep(0.1)\n") == []
    assert timed_assertions("while True:\n    if time.monotonic() > deadline:\n        pytest.fail('stuck')\n") == []
    assert timed_assertions("deadline = time.monotonic() + 60\nassert deadline > 0\n") == []
    assert timed_assertions("assert started < shown < time.time()\n") == []  # a clock read after: no bound
    assert timed_assertions("if seconds > 20:\n    child.kill()\n") == []  # a runaway stopped, no failure
    # A difference is a duration even in a loop: only the bare clock against a deadline is a wait.
    assert timed_assertions("while True:\n    assert time.monotonic() - start < 20\n") == [2]


def test_no_test_asserts_a_wall_time_bound() -> None:
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        if path == Path(__file__).resolve():
            continue
        for line in timed_assertions(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(TESTS.parent)}:{line}")
    assert offenders == []
