"""The shape of the project stays as docs/architecture.md draws it: no module imports one that imports it back,
and no app holds more than a third of the code. (The direction between apps is import-linter's job, in
`make test`: pyproject.toml.)"""

from pathlib import Path

import grimp
import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent
APPS = ("participants", "accounts", "benefits", "employers", "checkin", "reminders", "bhxh_portal")


def app_lines(app: str) -> int:
    """Lines of Python in an app, migrations aside (tests live in tests/, outside the apps)."""
    return sum(
        len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def import_cycles(graph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, iterative): each one is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    cycles.append(sorted(group))
    return cycles


def test_no_module_imports_one_that_imports_it_back():
    graph = grimp.build_graph(*APPS)
    assert import_cycles(graph) == []


def test_import_cycles_finds_a_loop():
    graph = grimp.ImportGraph()
    for module in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(module)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.z")
    graph.add_import(importer="a.z", imported="a.x")
    assert import_cycles(graph) == [["a.x", "a.y", "a.z"]]


def test_no_app_holds_more_than_a_third_of_the_code():
    lines = {app: app_lines(app) for app in APPS}
    total = sum(lines.values())
    assert {app: n for app, n in lines.items() if 3 * n > total} == {}, lines
