"""Writes of matching, one module per resource: `market` (demands, offers, contracts, inspections) and
`experts` (expert requests, draws, answers, completion). Each command takes (uow, who, ...): load → check who
may → domain → save → publish (outbox); time is `uow.now` / `uow.today`."""
