"""Pure text -> mentions extractors: no files beyond the vocabularies, no graph, no UI.

>>> from extractors import Extractor
>>> [m.name for m in Extractor.default().extract("Code: github.com/openai/CLIP")]
['https://github.com/openai/CLIP']
"""

from extractors.extractor import Extractor
from extractors.mention import ENTITY_TYPES, ROLES, Mention

__all__ = ["ENTITY_TYPES", "ROLES", "Extractor", "Mention"]
