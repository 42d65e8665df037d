#!/usr/bin/env python3
"""Check that ``tests/__init__.py`` imports every ``tests/test_*.py``.

Odoo's own test runner (``odoo --test-enable``, as runbot and OCA's CI run it)
collects only the test modules that ``tests/__init__.py`` imports; pytest finds
the files by name. A module missing from the imports would pass with ``make
test`` and never run anywhere else. Plain Python, no Odoo needed.

    scripts/check_tests_init.py [TESTS_DIR]

Exits non-zero, naming the missing modules (and imports of modules that do not
exist), when the two disagree.
"""

import ast
import sys
from pathlib import Path


def imported_modules(init_file):
    """The names ``from . import x, y`` brings in, in the order written."""
    tree = ast.parse(init_file.read_text(encoding="utf-8"), filename=str(init_file))
    names = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module:
            names.extend(alias.name for alias in node.names)
    return names


def main(argv):
    default = Path(__file__).resolve().parents[1] / "tests"
    tests_dir = Path(argv[1]) if len(argv) > 1 else default
    init_file = tests_dir / "__init__.py"
    files = sorted(path.stem for path in tests_dir.glob("test_*.py"))
    if not files:
        print(f"{tests_dir}: no test_*.py", file=sys.stderr)
        return 1
    imported = imported_modules(init_file) if init_file.is_file() else []
    missing = [name for name in files if name not in imported]
    unknown = [
        name for name in imported if name.startswith("test_") and name not in files
    ]
    if missing:
        print(
            f"{init_file} does not import {len(missing)} test module(s), which Odoo's "
            "own runner would never run:\n"
            + "".join(f"    from . import {name}\n" for name in missing),
            end="",
            file=sys.stderr,
        )
    if unknown:
        print(
            f"{init_file} imports test module(s) with no file: {', '.join(unknown)}",
            file=sys.stderr,
        )
    if missing or unknown:
        return 1
    print(f"tests/__init__.py imports all {len(files)} test modules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
