"""The subsidy domain (补贴): programmes, amounts, applications and their review, coverage. Pure: no I/O,
days and times come in as arguments."""
