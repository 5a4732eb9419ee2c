"""Matching service (供需对接), in two parts: the market (demands, offers, contracts, inspections,
recommendations) at the top and expert engagements (专家抽取) in `experts/`, each with the roles of a service."""
