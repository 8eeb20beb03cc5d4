"""The model: the vocabulary (``HJ`` and the namespaces it reuses), resource IRIs and
Lovdata references, Norwegian dates, strength concepts, the small result types the questions
share, and where the project's own files are found.

Imports nothing from ``graph`` but its errors."""
