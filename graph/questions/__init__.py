"""The questions users ask, one module per family: recommendations, trace, legislation,
products, overlaps, handlingsrom, stats, lookup (resolving what users type) and the
named-query runner (``named``). Each runs named queries from ``queries/`` on a ``Store``
and returns the result types of :mod:`graph.model.results`."""
