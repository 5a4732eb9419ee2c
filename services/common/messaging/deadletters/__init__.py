"""Dead letters: messages a consumer could not apply, kept whole in the service's MongoDB (`dead_letters`)
with a copy on `<topic>.<service>-dlq`; listed, shown, replayed and discarded by operators.

- `letters.py`  the stored record, its copy for the dead-letter topic, the collection (`DeadLetters`)
- `redrive.py`  replay and discard (used by the command and the HTTP endpoints)
- `api.py`      `/admin/dead-letters` (admin only), served by every service through the app factory
- `__main__.py` `python -m services.common.messaging.deadletters --service <name> list|show|replay|discard ...`
"""
