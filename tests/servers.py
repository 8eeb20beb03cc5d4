"""Real SPARQL servers for the tests, each in a temporary folder on free loopback ports.

``oxigraph_server()`` runs the ``oxigraph`` binary installed next to the Python interpreter
(the test extra's ``oxigraph`` package); ``virtuoso_server()`` runs Debian's ``virtuoso-t``
with a generated ``virtuoso.ini`` and grants the anonymous SPARQL user the right to update.
Both stop their process (terminate, then kill) however the block ends.
"""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "OxigraphServer",
    "ServerStartError",
    "VirtuosoServer",
    "free_port",
    "oxigraph_server",
    "virtuoso_server",
]


class ServerStartError(RuntimeError):
    """A test server did not start; the message holds the end of its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:
    """Ask Linux to kill the server when the test process dies without cleaning up."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _tail(log: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextmanager
def _process(args: list[str], *, cwd: Path, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)


def _wait_until_answering(
    url: str, proc: subprocess.Popen[bytes], log: Path, *, seconds: float
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerStartError(
                f"{proc.args[0]} stopped (exit {proc.returncode}):\n{_tail(log)}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise ServerStartError(f"{proc.args[0]} did not answer within {seconds} s:\n{_tail(log)}")


@dataclass(frozen=True)
class OxigraphServer:
    base_url: str
    pid: int

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        return self.base_url + "/update"

    @property
    def graph_store_url(self) -> str:
        return self.base_url + "/store"


def oxigraph_binary() -> Path:
    return Path(sys.executable).parent / "oxigraph"


@contextmanager
def oxigraph_server(
    *, timeout_s: int | None = None, union: bool = False
) -> Iterator[OxigraphServer]:
    """``oxigraph serve`` on a free loopback port, data in a temporary folder removed
    afterwards; with ``union``, started with ``--union-default-graph`` (for a
    :class:`RemoteStore` in ``union`` mode), else with a real default graph (``merge``)."""
    binary = oxigraph_binary()
    if not binary.exists():
        raise ServerStartError(f"{binary} is missing: install the test extra (make install-test)")
    with tempfile.TemporaryDirectory(prefix="hjemmel-oxigraph-") as tmp:
        folder = Path(tmp)
        port = free_port()
        args = [
            str(binary),
            "serve",
            "--location",
            str(folder / "data"),
            "--bind",
            f"127.0.0.1:{port}",
        ]
        if union:
            args.append("--union-default-graph")
        if timeout_s is not None:
            args += ["--timeout-s", str(timeout_s)]
        log = folder / "oxigraph.log"
        with _process(args, cwd=folder, log=log) as proc:
            base = f"http://127.0.0.1:{port}"
            _wait_until_answering(f"{base}/query?query=ASK%7B%7D", proc, log, seconds=30)
            yield OxigraphServer(base, proc.pid)


@dataclass(frozen=True)
class VirtuosoServer:
    base_url: str
    sql_port: int
    pid: int

    @property
    def sparql_url(self) -> str:
        return self.base_url + "/sparql"

    @property
    def graph_store_url(self) -> str:
        return self.base_url + "/sparql-graph-crud"


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
DirsAllowed = ., {dir}
CaseMode = 2
CheckpointInterval = 0
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/vsp
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""

_VIRTUOSO_GRANTS = """\
GRANT SPARQL_UPDATE TO "SPARQL";
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);
"""


def virtuoso_binaries() -> tuple[str, str]:
    server = shutil.which("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if server is None or isql is None:
        raise ServerStartError(
            "virtuoso-t/isql-vt are missing: run `bash tests/system-deps.sh` as root "
            "(Debian package virtuoso-opensource)"
        )
    return server, isql


@contextmanager
def virtuoso_server() -> Iterator[VirtuosoServer]:
    """Virtuoso in the foreground with its database in a temporary folder; the anonymous
    SPARQL user may update (loopback only)."""
    server, isql = virtuoso_binaries()
    with tempfile.TemporaryDirectory(prefix="hjemmel-virtuoso-") as tmp:
        folder = Path(tmp)
        (folder / "vsp").mkdir()
        sql_port, http_port = free_port(), free_port()
        while http_port == sql_port:
            http_port = free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(_VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
        log = folder / "virtuoso-stdout.log"
        args = [server, "+foreground", "+configfile", str(ini)]
        with _process(args, cwd=folder, log=log) as proc:
            base = f"http://127.0.0.1:{http_port}"
            _wait_until_answering(f"{base}/sparql?query=ASK%7B%7D", proc, log, seconds=120)
            grants = folder / "grants.sql"
            grants.write_text(_VIRTUOSO_GRANTS)
            done = subprocess.run(
                [isql, f"127.0.0.1:{sql_port}", "dba", "dba", str(grants)],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            if done.returncode != 0 or "Error" in done.stdout + done.stderr:
                raise ServerStartError(f"isql grants failed:\n{done.stdout}\n{done.stderr}")
            yield VirtuosoServer(base, sql_port, proc.pid)
