"""hjemmel's HTTP service: REST API, SPARQL 1.1 protocol, linked data and HTML pages."""
