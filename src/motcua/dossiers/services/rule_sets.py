"""Binding a dossier to the rule set in force on its day."""

from datetime import date

from ..models import RuleSet
from ..queries import rule_set_on
from ..rule_sets import RULE_SETS


def seed_rule_sets() -> None:
    """Create the known rule sets that are missing (a flushed database)."""
    for values in RULE_SETS:
        RuleSet.objects.get_or_create(code=values["code"], defaults=values)


def bound_rule_set(day: date) -> RuleSet:
    """Return the rule set in force on ``day``, seeding the known ones if absent."""
    rule_set = rule_set_on(day)
    if rule_set is None:
        seed_rule_sets()
        rule_set = rule_set_on(day)
    return rule_set
