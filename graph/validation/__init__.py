"""Validation against the SHACL shapes: of the store, of given RDF, and of what a client
submits (``submitted``)."""
