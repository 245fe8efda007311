"""Pure text -> mentions extractors: no files beyond the vocabularies, no graph, no UI."""

from extractors.mention import ENTITY_TYPES, ROLES, Mention

__all__ = ["ENTITY_TYPES", "ROLES", "Mention"]
