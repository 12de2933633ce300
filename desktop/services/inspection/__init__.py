"""The inspectors' work: importing signed workbooks, the review (rules, scores, findings), trusted keys, conclusions,
leads, the report, and the team server."""
