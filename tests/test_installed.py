"""The package installed (not editable) into a venv outside the checkout: the mirrors, the labelled corpus and the
templates come with it, and ``tenders eval parse`` runs from an empty directory.

To stay at about a minute the venv has no dependencies of its own: a ``.pth`` line puts this environment's
site-packages after its own (a path line does not run that directory's ``.pth`` files, so the editable install of
the checkout is not seen), and the project is installed with ``--no-deps`` (and ``--no-build-isolation`` when
setuptools and wheel are at hand) from a copy of the source tree, so no stale build/ of the checkout is packaged.
Runs locally and in CI."""

import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SKIP_TOP = {".venv", ".git", "build", "data", ".pytest_cache"}  # the checkout's own state (data/: the demo's store)


def _ignore(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == REPO
    return {n for n in names if n == "__pycache__" or n.endswith(".egg-info") or (top and n in SKIP_TOP)
            or (Path(folder) == REPO / "reports" and n == "out")}


def _can_build_here() -> bool:
    try:
        import setuptools  # noqa: F401
        import wheel  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("installed")
    src = tmp / "src"
    shutil.copytree(REPO, src, ignore=_ignore)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    here = [p for p in site.getsitepackages() if Path(p).is_dir()] or [sysconfig.get_paths()["purelib"]]
    (Path(purelib) / "tenderwatch-test-deps.pth").write_text("\n".join(here) + "\n")
    cmd = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(src)]
    if _can_build_here():
        cmd.insert(-1, "--no-build-isolation")
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    empty = tmp / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TENDERWATCH")} | {
        "XDG_DATA_HOME": str(tmp / "xdg"), "HOME": str(tmp / "home"), "TENDERWATCH_SHARED": str(tmp / "no-shared")}
    return venv, empty, env


def run(installed, *args, timeout=300):  # noqa: ANN001, ANN201
    venv, empty, env = installed
    return subprocess.run([str(venv / "bin" / args[0]), *args[1:]], cwd=empty, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_the_packages_come_from_the_install_not_the_checkout(installed):
    venv = installed[0]
    code = ("import mirrors.ccgp.server as m, evals.corpus as e, tenderwatch, common;"
            "print(m.__file__); print(e.CORPUS); print(tenderwatch.__file__)")
    out = run(installed, "python", "-c", code)
    assert out.returncode == 0, out.stderr
    paths = out.stdout.split()
    assert all(p.startswith(str(venv)) for p in paths), paths
    assert (Path(paths[0]).parent / "notices.json").is_file()
    assert (Path(paths[0]).parent / "templates" / "detail.html").is_file()
    assert len(list(Path(paths[1]).glob("*/expected.json"))) >= 30


def test_eval_parse_runs_from_an_empty_directory(installed):
    assert run(installed, "tenders", "eval", "parse", "--help").returncode == 0
    out = run(installed, "tenders", "eval", "parse")
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert re.search(r"[1-9][0-9]* fixtures skipped", out.stderr)
    assert "real notices, development: 0 notices" in out.stdout
    assert re.search(r"ccgp mirror: [1-9][0-9]* notices", out.stdout)
    assert "held-out scoring" not in out.stdout and "silver (a) Ningbo deadlines: skipped" in out.stdout
