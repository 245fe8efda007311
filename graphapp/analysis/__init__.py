"""Algorithms behind the connections between papers, as plain functions over plain data (no store, no SQL).

- :mod:`~graphapp.analysis.text`: the text model (TF-IDF over title and abstract, blended with its LSA
  projection) and each paper's nearest papers by it.
- :mod:`~graphapp.analysis.scoring`: how much a shared entity says (rare ones a lot, broad hubs little) and
  the related-paper score that combines shared entities with text similarity.
- :mod:`~graphapp.analysis.paths`: the cheapest chains between two nodes over a lazily read graph, with
  alternatives.
- :mod:`~graphapp.analysis.layout`: positions for a paper map.
- :mod:`~graphapp.analysis.communities`: clusters of papers (Leiden) and their labels.
- :mod:`~graphapp.analysis.bursts`: Kleinberg burst detection over dated counts.

:mod:`graphapp.queries` reads what these need from the store and hands their answers to the CLI and the app.
"""
