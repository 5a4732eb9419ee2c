"""HTTP schemas of expert engagements (their OpenAPI document): `requests` (a request, its draw, answers,
completion, cancellation) and `audit` (records and flags, a requester's redraws, the public audit)."""
