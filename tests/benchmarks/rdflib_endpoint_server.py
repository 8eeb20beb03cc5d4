"""rdflib-endpoint serving an N-Quads file from rdflib in memory, for ``bench_http.py``.

The default graph is the union of the named graphs, as in hjemmel's store.

Run: ``python tests/benchmarks/rdflib_endpoint_server.py DATA.nq PORT``
"""

from __future__ import annotations

import sys

import uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint


def main() -> None:
    data, port = sys.argv[1], int(sys.argv[2])
    dataset = Dataset(default_union=True)
    dataset.parse(data, format="nquads")
    app = SparqlEndpoint(graph=dataset, public_url=f"http://127.0.0.1:{port}/")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
