#!/usr/bin/env python3
"""Build the addon's wheel as OCA builds it (pyproject.toml, whool) and check
that it holds what Odoo loads from it.

    scripts/check_wheel.py [--wheel-dir DIR]

whool names the distribution after the addon's folder and, in a git checkout,
packs the files git tracks. The checkout may be called anything, so the
tracked files (as they are in the work tree) are copied into a temporary
folder named ``crm_customer_planning`` and built there with
``pip wheel --no-deps``; nothing is written into the checkout. Checks:

- the wheel is ``odoo_addon_crm_customer_planning-18.0.*-py3-none-any.whl``,
  named ``odoo-addon-crm_customer_planning`` in its metadata, which requires
  Odoo 18.0 and each Python package of the manifest's ``external_dependencies``;
- it holds, under ``odoo/addons/crm_customer_planning/``, every data and demo
  file the manifest names, the files these load (``file="..."``), every file
  its asset globs match, the manifest and
  the ``__init__.py``, every Python file of the addon, ``i18n/*.po`` and
  ``*.pot``, and every file under ``static/`` — as they are on disk, so that a
  file that git does not track yet is reported too.

--wheel-dir DIR keeps the wheel there (default: built in a temporary folder
and removed). Exits non-zero, listing what is wrong.
"""

import argparse
import ast
import email.parser
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib.util import find_spec
from pathlib import Path

MODULE = "crm_customer_planning"
ROOT = Path(__file__).resolve().parents[1]
PREFIX = f"odoo/addons/{MODULE}/"
WHEEL_NAME = re.compile(
    rf"^odoo_addon_{MODULE}-18\.0(\.[0-9A-Za-z]+)*(\+[0-9A-Za-z.]+)?-py3-none-any\.whl$"
)
REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9._-]+")
FILE_ATTRIBUTE = re.compile(rf'\bfile="{MODULE}/([^"]+)"')
# Tooling beside the addon (see README.md, "Layout"): not loaded by Odoo.
TOOLING = {"scripts", "bench", ".ci", ".var", "node_modules", "build", "dist"}


def git(*args):
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def source_files():
    """The files whool packs: those git tracks, else (no git) all but tooling."""
    listed = git("ls-files", "-z")
    if listed.returncode == 0 and (ROOT / ".git").exists():
        return [Path(name) for name in listed.stdout.split("\0") if name]
    return [
        path.relative_to(ROOT)
        for path in ROOT.rglob("*")
        if path.is_file()
        and not {".git", "__pycache__", *TOOLING} & set(path.relative_to(ROOT).parts)
    ]


def not_ignored(paths):
    """``paths`` less those git ignores (all of them without git)."""
    if not (ROOT / ".git").exists():
        return paths
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin", "-z"],
        cwd=ROOT,
        input="\0".join(str(path) for path in paths),
        capture_output=True,
        text=True,
        check=False,
    )
    ignored = {Path(name) for name in result.stdout.split("\0") if name}
    return [path for path in paths if path not in ignored]


def expected_files(manifest):
    """Files Odoo loads from the addon, as they are on disk, and problems with
    the manifest itself (a named file that does not exist)."""
    expected, problems = set(), []
    for key in ("data", "demo"):
        for name in manifest.get(key, []):
            if (ROOT / name).is_file():
                expected.add(Path(name))
            else:
                problems.append(f"the manifest's {key!r} names {name}: no such file")
    # Files the data files load themselves: <field file="crm_customer_planning/...">.
    for name in list(expected):
        if name.suffix != ".xml":
            continue
        for loaded in FILE_ATTRIBUTE.findall((ROOT / name).read_text(encoding="utf-8")):
            if (ROOT / loaded).is_file():
                expected.add(Path(loaded))
            else:
                problems.append(f"{name} loads {MODULE}/{loaded}: no such file")
    for bundle, entries in manifest.get("assets", {}).items():
        for entry in entries:
            pattern = entry[-1] if isinstance(entry, tuple | list) else entry
            if not pattern.startswith(f"{MODULE}/"):
                continue  # another addon's file
            pattern = pattern[len(MODULE) + 1 :]
            matches = [path for path in ROOT.glob(pattern) if path.is_file()]
            if not matches:
                problems.append(f"asset {entry!r} of {bundle} matches no file")
            expected.update(path.relative_to(ROOT) for path in matches)
    expected.update(Path(name) for name in ("__manifest__.py", "__init__.py"))
    expected.update(path.relative_to(ROOT) for path in ROOT.glob("i18n/*.po"))
    expected.update(path.relative_to(ROOT) for path in ROOT.glob("i18n/*.pot"))
    on_disk = [
        path.relative_to(ROOT)
        for path in [*ROOT.glob("static/**/*"), *ROOT.glob("**/*.py")]
        if path.is_file()
        and not {".git", "__pycache__", *TOOLING} & set(path.relative_to(ROOT).parts)
    ]
    expected.update(not_ignored(on_disk))
    if not (ROOT / "i18n").is_dir() or not list(ROOT.glob("i18n/*.pot")):
        problems.append("no i18n/*.pot")
    return expected, problems


def build(workdir, wheel_dir):
    """Build the wheel from a copy named after the addon; its path."""
    src = workdir / MODULE
    src.mkdir()
    # pyproject.toml is read from the folder pip builds, tracked or not yet.
    for name in {*source_files(), Path("pyproject.toml")}:
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q"]
    if find_spec("whool"):
        # whool is installed (scripts/ensure_odoo.sh): build without fetching it.
        command.append("--no-build-isolation")
    command += ["--wheel-dir", str(wheel_dir), str(src)]
    subprocess.run(command, check=True, cwd=workdir)
    wheels = sorted(wheel_dir.glob("*.whl"), key=lambda path: path.stat().st_mtime)
    if not wheels:
        sys.exit("pip wheel built no wheel")
    return wheels[-1]


def check_wheel(wheel, manifest):
    problems = []
    if not WHEEL_NAME.match(wheel.name):
        problems.append(
            f"the wheel is {wheel.name}, "
            f"not odoo_addon_{MODULE}-18.0.*-py3-none-any.whl"
        )
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata_names = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = email.parser.HeaderParser().parsestr(
            archive.read(metadata_names[0]).decode() if metadata_names else ""
        )
    if metadata["Name"] != f"odoo-addon-{MODULE}":
        problems.append(f"the wheel's distribution is {metadata['Name']!r}")
    requires = [
        REQUIREMENT_NAME.match(req)[0]
        for req in metadata.get_all("Requires-Dist") or []
    ]
    if "odoo" not in requires:
        problems.append(f"the wheel does not require Odoo (Requires-Dist: {requires})")
    for package in manifest.get("external_dependencies", {}).get("python", []):
        name = REQUIREMENT_NAME.match(package)[0]
        if name not in requires:
            problems.append(f"external dependency {package} not in Requires-Dist")
    expected, manifest_problems = expected_files(manifest)
    problems += manifest_problems
    missing = sorted(str(p) for p in expected if PREFIX + p.as_posix() not in names)
    if missing:
        problems.append(
            f"{len(missing)} file(s) missing from the wheel "
            "(is each one added to git?):\n"
            + "\n".join(f"      {name}" for name in missing)
        )
    return problems, len(expected), len(names)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel-dir", type=Path, help="keep the wheel in this folder")
    args = parser.parse_args()
    manifest = ast.literal_eval((ROOT / "__manifest__.py").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix=f"{MODULE}-wheel-") as tmp:
        workdir = Path(tmp)
        wheel_dir = args.wheel_dir.resolve() if args.wheel_dir else workdir / "dist"
        wheel_dir.mkdir(parents=True, exist_ok=True)
        try:
            wheel = build(workdir, wheel_dir)
        except subprocess.CalledProcessError as error:
            sys.exit(f"building the wheel failed ({error})")
        problems, count, total = check_wheel(wheel, manifest)
    if problems:
        print(f"{wheel.name}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    where = f" (kept in {wheel_dir})" if args.wheel_dir else ""
    print(
        f"{wheel.name}: {total} entries, the {count} files Odoo loads among them{where}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
