"""The successor rule lives in the catalog (validate, plan and audit share it); re-exported here."""

from aoai_provision.catalog.successor import ACCEPTABLE, Replacement, parse_replacement, recommend

__all__ = ["ACCEPTABLE", "Replacement", "parse_replacement", "recommend"]
