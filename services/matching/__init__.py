"""Matching service (供需对接): demands, offers, contracts, inspections, recommendations."""
