"""HTTP schemas of matching (they are its OpenAPI document), one module per resource: `market` (demands,
offers, recommendations, contracts, inspections, the practice record) and `experts` (expert requests,
invitations, engagement records, the public draw audit)."""
