"""The pure domain of matching (供需对接): demands and offers, contracts and inspections, recommendations.

No I/O and no clock: moments and Jiaxing days come in as arguments; refusals are kit domain errors.
"""
