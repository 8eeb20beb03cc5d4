"""The ``hjemmel`` command beside a running service (a real ``hjemmel serve`` process that
holds the embedded store's folder): read commands open the store read-only and answer;
commands that write say clearly that the service holds the store and exit with 4."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import free_port

ROOT = Path(__file__).resolve().parent.parent


def _hjemmel(store: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", "--store-path", str(store), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def served_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store folder loaded with the bundled graph, held by a running ``hjemmel serve``."""
    store = tmp_path_factory.mktemp("beside") / "store"
    loaded = _hjemmel(store, "load")
    assert loaded.returncode == 0, loaded.stderr
    port = free_port()
    log = (store.parent / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "graph", "--store-path", str(store), "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((store.parent / "serve.log").read_text())
            time.sleep(0.2)
        yield store
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_read_commands_answer_beside_the_service(served_store: Path) -> None:
    listed = _hjemmel(served_store, "query", "products", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert "produkt/" in listed.stdout
    assert "Traceback" not in listed.stderr
    validated = _hjemmel(served_store, "validate")
    assert validated.returncode in (0, 1), validated.stderr
    assert "Traceback" not in validated.stderr


@pytest.mark.parametrize(
    "command", [["load"], ["import", "helsedir", "graph/data/helsedir/"]], ids=["load", "import"]
)
def test_writing_commands_say_the_service_holds_the_store(
    served_store: Path, command: list[str]
) -> None:
    result = _hjemmel(served_store, *command)
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr
    assert "i bruk av en annen prosess" in result.stderr
    assert "held by another process" in result.stderr
    assert "HJEMMEL_STORE=remote" in result.stderr
