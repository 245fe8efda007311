"""The explorer's questions, answered from the store: one module per question, SQL only through :class:`Store`.

Every function takes a :class:`~graphapp.store.Store` and node ids (:class:`~graphapp.nodes.NodeId` or their
``"type:key"`` text) and reads only the rows its question needs, so it answers as fast on a 100k-paper store as
on the bundled one; results name nodes by their ``"type:key"`` text, as graphs do.

- :mod:`~graphapp.queries.lookup`: which stored entities a node stands for; whether a node exists; degrees.
- :mod:`~graphapp.queries.scoring`: the entity ranking formulas (rarity of a shared entity, the order of papers
  sharing entities), written once and shared with the reference implementation in the tests.
- :mod:`~graphapp.queries.neighbourhood`: the nodes within some hops of one node, with an optional paper budget.
- :mod:`~graphapp.queries.view`: the graph one view of the app draws (everything, the best connected, a focus).
- :mod:`~graphapp.queries.entities`: entities of a type with their paper counts; the papers naming an entity.
- :mod:`~graphapp.queries.related`: papers alike in text and sharing rare entities with one paper, with why.
- :mod:`~graphapp.queries.connections`: how two papers are connected: a verdict and up to three chains.
- :mod:`~graphapp.queries.links`: every paper's code, model and page links.
- :mod:`~graphapp.queries.search`: papers and entities by (part of) their title or name.
- :mod:`~graphapp.queries.paper_map`: a paper's similarity map (nodes, links, positions, labels, dates).
- :mod:`~graphapp.queries.clusters`: communities of papers (Leiden) labelled by their distinctive entities.
- :mod:`~graphapp.queries.trends`: entities rising now against their own past (Kleinberg bursts).
- :mod:`~graphapp.queries.cousage`: datasets used together; models evaluated on a dataset.
- :mod:`~graphapp.queries.origin`: who introduced an entity.
- :mod:`~graphapp.queries.profiles`: everything an entity's page shows.

A new question is a new module here with one public function and a docstring example; the NetworkX
versions in ``tests/reference_queries.py`` are what the answers are checked against.
"""
