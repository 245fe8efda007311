"""The explorer's questions, answered from the store: one module per question, SQL only through :class:`Store`.

Every function takes a :class:`~graphapp.store.Store` and node ids (:class:`~graphapp.nodes.NodeId` or their
``"type:key"`` text) and reads only the rows its question needs, so it answers as fast on a 100k-paper store as
on the bundled one; results name nodes by their ``"type:key"`` text, as graphs do.

- :mod:`~graphapp.queries.lookup`: which stored entities a node stands for; whether a node exists; degrees.
- :mod:`~graphapp.queries.scoring`: the ranking formulas (rarity of a shared entity, the cost of a hop, the
  order of related papers), written once and shared with the reference implementation in the tests.
- :mod:`~graphapp.queries.neighbourhood`: the nodes within some hops of one node, with an optional paper budget.
- :mod:`~graphapp.queries.view`: the graph one view of the app draws (everything, the best connected, a focus).
- :mod:`~graphapp.queries.entities`: entities of a type with their paper counts; the papers naming an entity.
- :mod:`~graphapp.queries.related`: papers ranked by the rare entities they share with one paper.
- :mod:`~graphapp.queries.path`: the cheapest chain of papers and shared entities between two nodes.
- :mod:`~graphapp.queries.links`: every paper's code, model and page links.
- :mod:`~graphapp.queries.search`: papers and entities by (part of) their title or name.

A new question is a new module here with one public function and a docstring example; the NetworkX
versions in ``tests/reference_queries.py`` are what the answers are checked against.
"""
