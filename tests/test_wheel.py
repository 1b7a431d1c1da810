"""The built wheel works on its own: `pip install newsclean` (not editable) must clean a page.

An editable install maps the source tree, so it hides what a wheel leaves out or shadows (the
rules package once shipped as cleaner/rules/, which hid the matcher module cleaner/rules.py).
"""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

CHECK = """
import cleaner, cleaner.integrations, pathlib, sys
assert pathlib.Path(cleaner.__file__).is_relative_to(sys.argv[1]), cleaner.__file__
from cleaner.rules import load_rules, packaged_root
assert pathlib.Path(str(packaged_root())).is_relative_to(sys.argv[1]), packaged_root()
print(len(load_rules().rules))
r = cleaner.clean("Follow us on Twitter\\n" + "The council met on Tuesday and agreed the plan for the new bridge. " * 3)
assert "Follow us" not in r.text and "council" in r.text, r.text
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # a copy without build/: setuptools reuses a stale build/ folder's files in the wheel
    source = out / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".*", "build", "out", "*.egg-info", "*.so", "__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
                           capture_output=True, text=True)
    if built.returncode != 0:
        pytest.skip(f"could not build the wheel here (no build backend reachable?): {built.stderr[-500:]}")
    return next(out.glob("newsclean-*.whl"))


def test_wheel_ships_rules_and_integrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "cleaner/rules.py" in names and "cleaner/integrations/datatrove.py" in names
    assert "cleaner/rulepacks/related.toml" in names and "cleaner/rulepacks/lists/months.txt" in names
    assert any(n.startswith("cleaner/rulepacks/lang/") for n in names)
    assert not any(n.startswith("cleaner/rules/") for n in names)  # would shadow cleaner/rules.py


def test_wheel_cleans_without_the_source_tree(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # run from tmp_path so neither the source tree nor its editable mapping comes first
    done = subprocess.run([sys.executable, "-c", CHECK, str(site)], capture_output=True, text=True,
                          cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[0]) > 100
