#!/usr/bin/env python3
"""Check (or refresh) the addon's translations in i18n/.

Exports a fresh .pot of the addon from an installed database, then

- check (default): fails, listing the msgids, when the committed
  ``i18n/<module>.pot`` is out of date (msgids added or removed; headers,
  comments and file references do not count), when a msgid has no non-empty
  translation in ``i18n/<lang>.po`` (a fuzzy one counts as missing), or when a
  translation lost a placeholder (``%(name)s``, ``%s``, ``{{ ... }}``) or an
  HTML/QWeb tag of its source;
- ``--update``: writes the fresh .pot over the committed one, rebuilds the .po
  in the .pot's order keeping every translation still used (new msgids come in
  empty, dropped ones are listed and removed), then lists what is left to
  translate (and fails while anything is).

Run by ``make test`` (scripts/test.sh); ``scripts/i18n_export.sh`` wraps
``--update`` for translators. Only needs Odoo's own dependencies (polib).
"""

import argparse
import configparser
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
MODULE = "crm_customer_planning"
# Never copied into the export's addons folder: tooling and generated files.
# (A checkout's .var/addons holds a link back to the checkout: Odoo's term
# scan follows links and would walk it over and over.)
IGNORED = shutil.ignore_patterns(
    ".git", ".var", "node_modules", "__pycache__", "*.pyc", ".ruff_cache"
)
PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXoeEgGc%]")
BRACES = re.compile(r"\{\{.*?\}\}", re.S)
TAG = re.compile(r"<(/?)([A-Za-z][\w.:-]*)([^<>]*?)(/?)>", re.S)
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z]{3,}")
QWEB_ATTR = re.compile(r"""\b(t-[\w-]+|href|src)\s*=\s*("[^"]*"|'[^']*')""")


def say(message):
    print(f"[{MODULE}] {message}", file=sys.stderr)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", help="Odoo configuration file")
    parser.add_argument("--database", help="database where the addon is installed")
    parser.add_argument(
        "--pot",
        help="use this exported .pot instead of exporting one "
        "(no --config/--database needed)",
    )
    parser.add_argument("--lang", default="zh_CN", help="language (default zh_CN)")
    parser.add_argument(
        "--update",
        action="store_true",
        help="write the fresh .pot to i18n/ and merge it into the .po",
    )
    args = parser.parse_args()
    if not args.pot and not (args.config and args.database):
        parser.error("give --config and --database, or --pot")
    return args


# ------------------------------------------------------------
# Export
# ------------------------------------------------------------


def export_pot(config, database, workdir):
    """A fresh .pot of the addon, exported by Odoo from ``database``. Odoo reads
    the terms of the code from a clean copy of the addon."""
    addons = Path(workdir, "addons")
    shutil.copytree(ROOT, addons / MODULE, ignore=IGNORED)
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config)
    paths = [
        path.strip()
        for path in parser.get("options", "addons_path", fallback="").split(",")
        if path.strip() and not Path(path.strip(), MODULE).exists()
    ]
    pot = Path(workdir, f"{MODULE}.pot")
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        config,
        "-d",
        database,
        f"--addons-path={','.join(paths + [str(addons)])}",
        f"--i18n-export={pot}",
        f"--modules={MODULE}",
        "--stop-after-init",
        "--log-level=warn",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode or not pot.exists():
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"[{MODULE}] ERROR: exporting the terms from {database} failed")
    return pot


# ------------------------------------------------------------
# Checks
# ------------------------------------------------------------


def key(entry):
    return (entry.msgctxt or "", entry.msgid)


def show(msgid, width=110):
    text = msgid.replace("\n", "\\n")
    return text if len(text) <= width else text[: width - 1] + "…"


def placeholders(text):
    """``%(name)s`` placeholders as a set (a translation may repeat or reorder
    them), positional ``%s`` ones by count, ``{{ ... }}`` expressions as a set."""
    found = PERCENT.findall(text)
    named = {p for p in found if p.startswith("%(")}
    positional = sorted(p for p in found if not p.startswith("%(") and p != "%%")
    return sorted(named), positional


def expressions(text):
    return sorted({re.sub(r"\s+", "", match) for match in BRACES.findall(text)})


def tags(text):
    """The markup a translation must keep: tag names and their QWeb, link and
    image attributes (other attributes, e.g. a title, may be translated)."""
    found = []
    for closing, name, attrs, selfclosing in TAG.findall(text):
        qweb = sorted(f"{a}={v}" for a, v in QWEB_ATTR.findall(attrs))
        found.append((closing, name.lower(), tuple(qweb), selfclosing))
    return sorted(found)


def words(text):
    """The words of ``text`` outside its markup, placeholders and expressions."""
    for pattern in (TAG, BRACES, PERCENT):
        text = pattern.sub(" ", text)
    return WORD.findall(text)


def translation_problem(entry, lang):
    """Why ``entry``'s translation cannot be used, or None."""
    if not entry or not entry.msgstr.strip():
        return "not translated"
    if entry.fuzzy:
        return "fuzzy"
    if (
        lang.startswith("zh")
        and words(entry.msgid)
        and not CJK.search(entry.msgstr)
        and words(entry.msgstr)
    ):
        return "no Chinese in the translation"
    source, target = entry.msgid, entry.msgstr
    # Only the terms of the code are %-formatted (labels may hold a "%").
    # Python and JS code format their strings; a spreadsheet's JSON (=_t("% of
    # Customers")) shows them as they are.
    is_code = any(
        place.startswith("code:") and not place.endswith(".json")
        for place, _line in entry.occurrences
    )
    if (is_code or "python-format" in entry.flags) and (
        placeholders(source) != placeholders(target)
    ):
        return "placeholders differ: %s ≠ %s" % (
            placeholders(source),
            placeholders(target),
        )
    if expressions(source) != expressions(target):
        return "{{ }} expressions differ"
    if "<" in source and tags(source) != tags(target):
        return "HTML/QWeb tags differ"
    return None


def compare_pot(fresh, committed_path):
    """Messages about msgids added to or removed from the committed .pot."""
    if not committed_path.exists():
        return [f"{committed_path.relative_to(ROOT)} is missing"]
    committed = polib.pofile(str(committed_path))
    fresh_keys = {key(e) for e in fresh}
    committed_keys = {key(e) for e in committed if not e.obsolete}
    problems = []
    added, removed = fresh_keys - committed_keys, committed_keys - fresh_keys
    for label, keys in (
        ("new msgids, not in the committed .pot", added),
        ("msgids no longer used, still in the committed .pot", removed),
    ):
        if keys:
            problems.append(f"{len(keys)} {label}:")
            problems += [f"    {show(msgid)}" for _ctx, msgid in sorted(keys)]
    return problems


def check_po(fresh, po_path, lang):
    """Messages about msgids without a usable translation."""
    if not po_path.exists():
        return [f"{po_path.relative_to(ROOT)} is missing"]
    po = polib.pofile(str(po_path))
    entries = {key(e): e for e in po if not e.obsolete}
    bad = []
    for entry in fresh:
        problem = translation_problem(entries.get(key(entry)), lang)
        if problem:
            bad.append(f"    [{problem}] {show(entry.msgid)}")
    if bad:
        return [f"{len(bad)} msgids without a usable {lang} translation:"] + bad
    return []


# ------------------------------------------------------------
# Update
# ------------------------------------------------------------


def po_header(old, lang):
    metadata = dict(old.metadata) if old is not None else {}
    metadata.update(
        {
            "Project-Id-Version": metadata.get("Project-Id-Version")
            or "Odoo Server 18.0",
            "Language": lang,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": metadata.get("Plural-Forms") or "nplurals=1; plural=0;",
        }
    )
    return metadata


def update(fresh_path, pot_path, po_path, lang):
    """Write the fresh .pot to i18n/ and rebuild the .po in its order."""
    fresh = polib.pofile(str(fresh_path))
    pot_path.parent.mkdir(exist_ok=True)
    shutil.copyfile(fresh_path, pot_path)
    old = polib.pofile(str(po_path)) if po_path.exists() else None
    old_entries = {key(e): e for e in old if not e.obsolete} if old is not None else {}
    po = polib.POFile(wrapwidth=78)
    po.header = (
        old.header
        if old is not None and old.header
        else (
            f"Translation of Odoo Server.\n"
            f"This file contains the translation of the following modules:\n"
            f"\t* {MODULE}\n"
        )
    )
    po.metadata = po_header(old, lang)
    for entry in fresh:
        previous = old_entries.pop(key(entry), None)
        new = polib.POEntry(
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            msgstr=previous.msgstr if previous else "",
            occurrences=entry.occurrences,
            comment=entry.comment,
            tcomment=previous.tcomment if previous else "",
            flags=list(entry.flags),
        )
        if previous and previous.fuzzy:
            new.flags.append("fuzzy")
        po.append(new)
    po.save(str(po_path))
    if old_entries:
        say(f"{len(old_entries)} msgids no longer used, removed from {po_path.name}:")
        for _ctx, msgid in sorted(old_entries):
            print(f"    {show(msgid)}", file=sys.stderr)
    say(f"wrote {pot_path.relative_to(ROOT)} and {po_path.relative_to(ROOT)}")
    return fresh


def main():
    args = parse_args()
    pot_path = ROOT / "i18n" / f"{MODULE}.pot"
    po_path = ROOT / "i18n" / f"{args.lang}.po"
    with tempfile.TemporaryDirectory(prefix="i18n-") as workdir:
        fresh_path = (
            Path(args.pot)
            if args.pot
            else export_pot(args.config, args.database, workdir)
        )
        if args.update:
            fresh = update(fresh_path, pot_path, po_path, args.lang)
            problems = []
        else:
            fresh = polib.pofile(str(fresh_path))
            problems = compare_pot(fresh, pot_path)
        problems += check_po(fresh, po_path, args.lang)
    if problems:
        say("ERROR: the translations in i18n/ are not complete:")
        print("\n".join(problems), file=sys.stderr)
        say(
            "refresh them with scripts/i18n_export.sh, translate what it lists in "
            f"i18n/{args.lang}.po, and commit both files"
        )
        return 1
    say(f"i18n/ up to date: {len(fresh)} msgids, all translated into {args.lang}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
