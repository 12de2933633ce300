"""The version of the rule set, apart from the rules themselves: checking whether a stored run still holds reads
it, and needs no rule (decision 167)."""

#: Bump when a rule is added, removed or reweighted, or reads its data differently: a review run records the version
#: it used and its data signature covers it, so a run stored by other rules is not reused. 5: form 2's roles read
#: (decisions 95 and 122).
RULES_VERSION = "5"
