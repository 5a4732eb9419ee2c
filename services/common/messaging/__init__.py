"""Messaging: the worker process of a service: the consumer (batches per partition, inbox, dead letters), the
outbox relay, scheduled jobs, and leases that keep one holder among replicas."""
