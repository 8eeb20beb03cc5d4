"""Linked data: RDF descriptions of a resource (``resource``), the dataset and service
descriptions (``dataset``), and the plain views the HTML pages render (``views``); what
they share lives in ``common``."""
