"""Writes of the dossiers app, one module per use case group.

Import the submodule you need: ``from motcua.dossiers.services.lifecycle
import transition``.
"""
