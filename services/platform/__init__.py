"""The platform: what must know every service. Who consumes what (topology), the AsyncAPI and OpenAPI documents,
Kafka ACLs, and the embedded stack of `make run` (broker, database, every service and worker)."""
