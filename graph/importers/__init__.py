"""Importers of real sources: Lovdata's legislation and Helsedirektoratet's content API."""
