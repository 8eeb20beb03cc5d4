"""hjemmel's graph layer: stores, loading, importers, validation and named queries."""

__version__ = "0.1.0"
