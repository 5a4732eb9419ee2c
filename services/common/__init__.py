"""The kit every Anfu service uses: events, bus, outbox, inbox, storage, HTTP, auth, health, metrics."""
