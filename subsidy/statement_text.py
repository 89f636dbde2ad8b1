"""A statement as plain text, for a person to read and re-add (the library itself never prints)."""

from __future__ import annotations

from subsidy.statement import Statement

_SHOWN_IDS = 5


def format_statement(statement: Statement) -> str:
    """Lines with their audit trail, totals per fund line, rejected and unpaid claims, flags."""
    period = statement.period
    out = [
        f"Statement {period.label} ({period.start}..{period.end}), rounding {statement.rounding}"
    ]
    for line in statement.lines:
        out.append(
            f"{line.ref}  {line.payee}  {line.rule}  fund line {line.fund_line}: "
            f"{line.amount_yuan} yuan"
        )
        width = max(len(label) for label, _ in line.basis)
        out += [f"    {label:<{width}}  {value:>14}" for label, value in line.basis]
    by_line = ", ".join(f"{k} {v}" for k, v in statement.by_fund_line_yuan().items())
    out.append(f"Total {statement.total_yuan} yuan ({by_line or 'nothing charged'})")
    if statement.rejected:
        out.append(f"Rejected claims ({len(statement.rejected)}):")
        out += [f"    {err}" for err in statement.rejected]
    for unpaid in statement.unpaid:
        ids = ", ".join(unpaid.claim_ids[:_SHOWN_IDS])
        more = (
            f" and {len(unpaid.claim_ids) - _SHOWN_IDS} more"
            if len(unpaid.claim_ids) > _SHOWN_IDS
            else ""
        )
        out.append(f"Not paid ({unpaid.rule}): {unpaid.reason}: {ids}{more}")
    for flag in statement.flags:
        out.append(
            f"Second charge: {flag.carrier} charged village {flag.village} {flag.surcharge_yuan} "
            f"yuan on {flag.parcels} parcels; deducted {flag.deducted_yuan}"
        )
    paid = ", ".join(
        f"{k} {statement.budget_after.paid_yuan(k)}" for k in statement.budget_after.paid_fen
    )
    out.append(f"Paid from the fund so far: {paid or 'nothing'}")
    return "\n".join(out)
