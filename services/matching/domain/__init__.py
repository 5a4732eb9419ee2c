"""The pure domain of the market (供需对接): demands and offers, contracts and inspections, recommendations, the
buyers; `refusals` is shared with the experts' domain (`experts/domain/`).

No I/O and no clock: moments and Jiaxing days come in as arguments; refusals are kit domain errors.
"""
