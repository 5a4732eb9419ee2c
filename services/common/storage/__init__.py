"""Storage: MongoDB per process, units of work (one transaction with its outbox and inbox), domain records to
documents and back, cursor pages, and the per-process context that joins them with the producer."""
