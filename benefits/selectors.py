"""Reads for the benefit rules: database rows to the plain data the rules take."""

from benefits.rules.params import ParameterSet, parameter_set_from_dict

from .models import PolicyParameter


def parameter_set_get() -> ParameterSet:
    """Every policy parameter as the rules' ParameterSet, in one query."""
    return parameter_set_from_dict({"parameters": [row.as_row() for row in PolicyParameter.objects.all()]})
