"""Cross-checking against registers (比对核查): the people the declarations name, matched against the people of the
imported register extracts, and what the rules need to know about each match."""
