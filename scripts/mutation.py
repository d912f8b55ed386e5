"""Mutation testing of the UI-free core with mutmut, on a copy of the work tree. Not run in CI.

    python scripts/mutation.py                       # every module in [tool.mutmut] only_mutate
    python scripts/mutation.py timerange sanitize    # only these (names as in engage_tui/)
    python scripts/mutation.py --show                # and print each survivor's diff
    python scripts/mutation.py --keep                # keep the copy, to `mutmut browse` in it

Named modules are mutated alone, against only their own tests when `[tool.mutmut.tests_per_module]`
lists them (a run per module then takes a minute or two instead of every module's stats run).

mutmut changes one operator or constant at a time and runs the tests that cover it; a mutant
the tests still pass with ("survived") is a behaviour no test pins. The configuration (which
modules, which tests) is `[tool.mutmut]` in pyproject.toml. The copy holds the tracked files and
new unignored ones, so uncommitted work is tested too; the work tree is never written.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_RESULT = re.compile(r"^\s+(?P<name>\S+): (?P<status>.+)$")
# Every survivor's diff from one process (`mutmut show` once per mutant takes minutes).
_SHOW = """
import sys
from mutmut.__main__ import show
for name in sys.argv[1:]:
    show.callback(name)
    print()
"""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    copy = Path(tempfile.mkdtemp(prefix="engage-mutation-"))
    try:
        _copy_tree(copy)
        if args.modules:
            _narrow(copy / "pyproject.toml", args.modules)
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        patterns = [_pattern(name) for name in args.modules]
        run = [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.jobs)]
        log = copy / "mutmut-run.log"
        print(f"mutmut {' '.join(patterns) or 'everything configured'} … (log: {log})", flush=True)
        with log.open("w") as out:
            ran = subprocess.run([*run, *patterns], cwd=copy, env=env, stdout=out, stderr=out)
        if ran.returncode:
            print(log.read_text()[-4000:], file=sys.stderr)
            return ran.returncode
        listing = subprocess.run(
            [sys.executable, "-m", "mutmut", "results", "--all", "true"],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        survivors = _report(listing, patterns)
        if args.show and survivors:
            sys.stdout.flush()
            subprocess.run([sys.executable, "-c", _SHOW, *survivors], cwd=copy, env=env)
    finally:
        if args.keep:
            print(f"kept: {copy}")
        else:
            shutil.rmtree(copy, ignore_errors=True)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "modules", nargs="*", help="timerange, aws.mapping, or mutant names (default: all)"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="mutants at once")
    parser.add_argument("--show", action="store_true", help="print each survivor's diff")
    parser.add_argument("--keep", action="store_true", help="keep the copy and say where")
    return parser


def _pattern(name: str) -> str:
    """A module (`aws.mapping`) as the glob of its mutants' names; a mutant name as it is."""
    return name if name.startswith("engage_tui.") else f"engage_tui.{name}.*"


def _narrow(pyproject: Path, names: list[str]) -> None:
    """Rewrite the copy's mutmut config to mutate only the named modules, with their own tests."""
    config = tomllib.loads(pyproject.read_text())["tool"]["mutmut"]
    per_module = config.get("tests_per_module", {})
    if not all(name in per_module for name in names):  # a mutant's name, or a module not listed
        return
    files = [f"engage_tui/{name.replace('.', '/')}.py" for name in names]
    tests = sorted({test for name in names for test in per_module[name]})
    text = pyproject.read_text()
    for key, values in (("only_mutate", files), ("pytest_add_cli_args_test_selection", tests)):
        listed = ", ".join(f'"{value}"' for value in values)
        text = re.sub(rf"(?ms)^{key} = \[.*?^\]", f"{key} = [{listed}]", text, count=1)
    pyproject.write_text(text)


def _copy_tree(target: Path) -> None:
    """The work tree's tracked and new unignored files, without mutmut's old results."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file() and not name.startswith("mutants/"):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def _report(listing: str, patterns: list[str]) -> list[str]:
    """Print the score per module and in all, and the survivors; return the survivors' names."""
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    survivors = []
    for line in listing.splitlines():
        match = _RESULT.match(line)
        if match is None:
            continue
        name, status = match["name"], match["status"]
        if patterns and not any(fnmatch.fnmatchcase(name, p) for p in patterns):
            continue
        module = name.split(".x", 1)[0]
        by_module[module][status] += 1
        if status != "killed":
            survivors.append(name)
    total: Counter[str] = Counter()
    for module, counts in sorted(by_module.items()):
        total.update(counts)
        print(f"{module:32} {_score(counts)}")
    print(f"{'all':32} {_score(total)}")
    for name in survivors:
        print(f"  not killed: {name}")
    return survivors


def _score(counts: Counter[str]) -> str:
    mutants = sum(counts.values())
    killed = counts["killed"]
    others = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()) if s != "killed")
    percent = 100 * killed / mutants if mutants else 0.0
    return f"{killed}/{mutants} killed ({percent:.1f} %)" + (f"; {others}" if others else "")


if __name__ == "__main__":
    sys.exit(main())
