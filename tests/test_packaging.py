"""The built wheel works outside the repository: ``pip install --target DIR`` and the usual
prefix scheme of ``pip install .`` both give a ``hjemmel`` that finds its ontology, shapes
and queries inside the installed package.

The wheel is built offline from a copy of the sources (``--no-build-isolation`` uses the
setuptools of this environment, which the test extras pin to at least 77).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
import servers

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("graph", "service", "ontology", "shapes", "queries", "pyproject.toml", "setup.py")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if int(version("setuptools").split(".")[0]) < 77:
        pytest.fail("setuptools>=77 is needed to build the wheel: pip install -e '.[test]'")
    source = tmp_path_factory.mktemp("source")
    for name in (*SOURCES, "README.md"):
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=IGNORED)
        else:
            shutil.copy2(path, source / name)
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
    done = _run([*pip, "-w", str(out), str(source)])
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("hjemmel-*.whl")
    return built


def _install(wheel: Path, *where: str) -> None:
    pip = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet"]
    done = _run([*pip, *where, str(wheel)])
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def target(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("target")
    _install(wheel, "--target", str(folder))
    return folder


def _env(site: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HJEMMEL_")}
    env["PYTHONPATH"] = str(site)
    return env


def _where(site: Path, cwd: Path) -> dict[str, str]:
    code = (
        "import graph, service; from graph.model import resources as r; "
        "print(graph.__file__); print(service.__file__); "
        "print(r.ontology_dir()); print(r.shapes_dir()); print(r.queries_dir())"
    )
    done = _run([sys.executable, "-c", code], cwd=cwd, env=_env(site))
    assert done.returncode == 0, done.stderr
    names = ("graph", "service", "ontology", "shapes", "queries")
    return dict(zip(names, done.stdout.split(), strict=True))


def _query_names(hjemmel: Path, site: Path, cwd: Path) -> set[str]:
    done = _run([str(hjemmel), "query"], cwd=cwd, env=_env(site))
    assert done.returncode == 0, done.stderr
    return {line.split()[0] for line in done.stdout.splitlines() if line and line[0] != " "}


def test_the_wheel_carries_ontology_shapes_and_queries(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, suffix in (("ontology", ".ttl"), ("shapes", ".ttl"), ("queries", ".rq")):
        expected = {f"graph/{folder}/{p.name}" for p in (ROOT / folder).glob("*" + suffix)}
        assert expected and expected <= names, folder
    assert "graph/data/legislation.nq.gz" in names
    assert "service/templates/resource.html" in names
    assert not [n for n in names if "/share/" in n or n.startswith("tests/")]


def test_install_target_runs_outside_the_repository(target: Path, tmp_path: Path) -> None:
    where = _where(target, tmp_path)
    for name, path in where.items():
        assert Path(path).is_relative_to(target), (name, path)
    hjemmel = target / "bin" / "hjemmel"
    expected = {p.stem for p in (ROOT / "queries").glob("*.rq")}
    assert _query_names(hjemmel, target, tmp_path) == expected

    store = tmp_path / "store"
    env = _env(target)
    load = _run([str(hjemmel), "--store-path", str(store), "load"], cwd=tmp_path, env=env)
    assert load.returncode == 0, load.stderr
    validate = [str(hjemmel), "--store-path", str(store), "validate"]
    whole = _run(validate, cwd=tmp_path, env=env)
    assert whole.returncode in (0, 1), whole.stderr  # 1: the report has a Violation
    assert whole.stdout.startswith("Validering:") or "\nValidering:" in whole.stdout
    shapes = ROOT / "tests" / "shapes"
    valid = _run(
        [*validate, str(shapes / "valid" / "bor-without-legal-basis.ttl")], cwd=tmp_path, env=env
    )
    assert valid.returncode == 0, valid.stdout + valid.stderr
    invalid = _run(
        [*validate, str(shapes / "invalid" / "legal-basis-is-guide.ttl")], cwd=tmp_path, env=env
    )
    assert invalid.returncode == 1, invalid.stdout + invalid.stderr
    assert "hjsh:LegalBasisIsLegalResource" in invalid.stdout

    port = servers.free_port()
    serve = [str(hjemmel), "--store-path", str(store), "serve", "--port", str(port)]
    with subprocess.Popen(serve, cwd=tmp_path, env=env, stderr=subprocess.PIPE) as server:
        try:
            body = _get_when_up(f"http://127.0.0.1:{port}/ontology?format=ttl", server)
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert b"owl:Ontology" in body


def _get_when_up(url: str, server: subprocess.Popen[bytes]) -> bytes:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return bytes(response.read())
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


def test_install_with_a_prefix_runs_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    prefix = tmp_path / "prefix"
    _install(wheel, "--prefix", str(prefix))
    base = {"base": str(prefix), "platbase": str(prefix)}
    site = Path(sysconfig.get_path("purelib", scheme="posix_prefix", vars=base))
    assert not (prefix / "share" / "hjemmel").exists()
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = _where(site, work)
    for name, path in where.items():
        assert Path(path).is_relative_to(site), (name, path)
    names = _query_names(prefix / "bin" / "hjemmel", site, work)
    assert names == {p.stem for p in (ROOT / "queries").glob("*.rq")}


@pytest.fixture(autouse=True)
def _no_stray_build_files() -> Iterator[None]:
    before = {p.name for p in ROOT.iterdir()}
    yield
    assert {p.name for p in ROOT.iterdir()} <= before | {".pytest_cache"}
