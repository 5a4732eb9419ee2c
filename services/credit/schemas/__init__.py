"""HTTP schemas of the credit API (they are its OpenAPI documentation): `ratings` (signed-in callers) and
`public` (disclosure)."""
