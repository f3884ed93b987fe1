"""The option vocabularies of the package, declared once as ``Literal`` aliases and checked here.

A function taking a layout, an aggregation rule, a weighting or a log rule annotates it with the
alias below and checks the caller's value with :func:`check_choice`, so the allowed values and the
error message are the same everywhere.

Examples
--------
>>> from par_analysis.vocab import LAYOUTS, check_choice
>>> LAYOUTS
('64', '63', '34')
>>> check_choice(63, "Layout")
'63'
"""

from __future__ import annotations

from typing import Literal, get_args

Layout = Literal["64", "63", "34"]
"""Province layouts: 64 provinces to 31 Jul 2008, 63 to 30 Jun 2025, 34 units from 1 Jul 2025."""
Rule = Literal["sum", "mean", "error"]
"""How the values of merged provinces combine: add up, weighted mean, or not at all (ranks)."""
Weights = Literal["population", "equal", "area"]
"""Named weights of a weighted mean across merged provinces."""
LogRule = Literal["positive", "plus_one", "signed"]
"""Logarithm rules for zeros and negatives (:func:`par_analysis.panel.log_with_rule`)."""
DatePrecision = Literal["day", "month", "year"]
"""How precise a date of a fact is."""
Period = Literal["FY", "H1"]
"""Period of an observation: full year or first half."""

LAYOUTS: tuple[str, ...] = get_args(Layout)
RULES: tuple[str, ...] = get_args(Rule)
WEIGHTS: tuple[str, ...] = get_args(Weights)
LOG_RULES: tuple[str, ...] = get_args(LogRule)
DATE_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)
PERIODS: tuple[str, ...] = get_args(Period)

_ALIASES = {"Layout": Layout, "Rule": Rule, "Weights": Weights, "LogRule": LogRule,
            "DatePrecision": DatePrecision, "Period": Period}
_ARGUMENT = {"Layout": "layout", "Rule": "rule", "Weights": "weights", "LogRule": "rule",
             "DatePrecision": "date_precision", "Period": "period"}


def check_choice(value, alias: str, name: str | None = None) -> str:
    """Return ``value`` as text when it is one of the alias's values, else raise ``ValueError``.

    Parameters
    ----------
    value : object
        The caller's value (a layout may be given as an int: ``63``).
    alias : str
        Name of an alias of this module (``"Layout"``, ``"Rule"``, ``"Weights"``, ``"LogRule"``,
        ``"DatePrecision"``, ``"Period"``).
    name : str, optional
        Argument name for the message (default: the alias's usual argument name).

    Examples
    --------
    >>> check_choice("35", "Layout")
    Traceback (most recent call last):
    ...
    ValueError: layout must be one of ('64', '63', '34'), got '35'
    """
    allowed = get_args(_ALIASES[alias])
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else value
    if text not in allowed:
        raise ValueError(f"{name or _ARGUMENT[alias]} must be one of {allowed}, got {value!r}")
    return text
