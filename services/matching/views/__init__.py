"""Reads of matching, one module per resource: `market` (demands, recommendations, contracts, the practice
record) and `experts` (expert requests, invitations, engagement records, the public draw audit). Each takes
(uow, who, ...) on a read-only unit of work (`ctx().read()`)."""
