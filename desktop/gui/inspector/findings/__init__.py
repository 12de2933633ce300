"""The inspectors' Findings tab: the review's findings with filters, one declaration's rules and conclusion, leads,
the heads' keys waiting for trust, and charts of the statistics by unit and by trade."""
