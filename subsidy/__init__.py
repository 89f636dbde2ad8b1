"""Parcel subsidies and the special fund: policies as data, statements with an audit trail.

Pure computation: no files, no printing. See docs/subsidy.md for a worked example.
"""

from subsidy.calculation import calculate
from subsidy.claims import (
    MilestoneClaim,
    ParcelClaim,
    Period,
    ShopFeeClaim,
    SpecialClaim,
    claims_from_rows,
)
from subsidy.parcel_batch import ParcelBatch
from subsidy.planning import ParityNeed, ParityPlan, parity_from_costs
from subsidy.policy import (
    DEFAULT_FUND_LINES,
    CutBack,
    FundLine,
    ParityRule,
    Policy,
    RewardRule,
    RewardTier,
    SecondChargeRule,
    ShopFeeRule,
    SpecialRule,
)
from subsidy.policy_loading import policy_from_mapping, policy_from_toml
from subsidy.statement import (
    Budget,
    ClaimLedger,
    Clawback,
    Statement,
    StatementLine,
    SurchargeFlag,
    Unpaid,
)
from subsidy.statement_json import statement_from_dict, statement_to_dict
from subsidy.statement_text import format_statement

__all__ = [
    "DEFAULT_FUND_LINES",
    "Budget",
    "ClaimLedger",
    "Clawback",
    "CutBack",
    "FundLine",
    "MilestoneClaim",
    "ParcelBatch",
    "ParcelClaim",
    "ParityNeed",
    "ParityPlan",
    "ParityRule",
    "Period",
    "Policy",
    "RewardRule",
    "RewardTier",
    "SecondChargeRule",
    "ShopFeeClaim",
    "ShopFeeRule",
    "SpecialClaim",
    "SpecialRule",
    "Statement",
    "StatementLine",
    "SurchargeFlag",
    "Unpaid",
    "calculate",
    "claims_from_rows",
    "format_statement",
    "parity_from_costs",
    "policy_from_mapping",
    "policy_from_toml",
    "statement_from_dict",
    "statement_to_dict",
]
