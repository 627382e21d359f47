"""Annotate: facts about a document (language, scripts) that later stages filter on."""
