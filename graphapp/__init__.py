"""Paper Graph Explorer: ingest paper abstracts, store what they name, explore it as a graph."""
