"""Back-office administration of the catalog of procedures.

A published version is law: the admin shows it read-only, and changes go
through an amendment (see ``versioning``). Drafts are edited freely.
Agency administrators manage the catalog as superusers do.

Importing the submodules registers their model admins with Django's admin
autodiscovery.
"""

from . import channels, fields, procedures, versions

__all__ = ["channels", "fields", "procedures", "versions"]
