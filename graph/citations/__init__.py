"""Norwegian legal citations: find references to laws and regulations in text and resolve
them to Lovdata references (``lov/2011-06-24-30/§12-5``)."""

from graph.citations.model import Citation
from graph.citations.parser import find_citations

__all__ = ["Citation", "find_citations"]
