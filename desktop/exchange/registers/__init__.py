"""Register extracts (比对核查): enterprise registers, special-trade licences and other lists, read from .xlsx or
.csv files from outside, with the same defences as the workbooks."""
