"""Events: the CloudEvents envelope, the catalogue of event types (the public contract), how a Kafka message
becomes an event (binding), whether it is believable (provenance), and the Kafka clients (bus)."""
