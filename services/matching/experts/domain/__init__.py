"""The pure domain of expert engagements: the pool and the draw (`draw.py`), a request and its invitations
(`engagement.py`), each expert's record and flags (`records.py`). No I/O and no clock."""
