"""HTTP schemas of the market (they are its OpenAPI document), one module per resource: `demands` (demands,
offers, recommendations) and `contracts` (contracts, inspections, the practice record). The experts' are in
`experts/schemas.py`."""
