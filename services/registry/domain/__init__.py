"""The registry's pure model: providers 机构, experts 专家库, enterprises 企业, their shared rules and the check
characters of national identifiers. No I/O, no HTTP, no clock: days and times come in as arguments."""
