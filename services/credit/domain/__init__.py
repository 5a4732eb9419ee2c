"""The credit domain (信用评价), pure: the rule table, stored facts, the rating and due process.

No I/O and no clock: days come in as arguments. Errors are the kit's domain errors (or subclasses).
"""
