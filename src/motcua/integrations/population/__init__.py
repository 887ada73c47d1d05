"""Prefill from the national population database (CSDLQG về dân cư).

``domain`` holds the pure ``Citizen`` record, ``adapters`` the ways to reach
a registry (the demo's local table, a real HTTP endpoint) and ``services``
the one entry point, ``lookup``, which also keeps the audit trail.
"""
