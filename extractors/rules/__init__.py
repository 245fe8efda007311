"""What the extraction rules share: their word lists (:mod:`extractors.rules.words`) and the one
sentence splitter (:mod:`extractors.rules.sentences`) that roles and edge evidence both read."""
