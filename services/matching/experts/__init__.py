"""Expert engagements (专家抽取), the second part of matching beside the market: the expert pool projected from
the registry, random draws with recusal that anyone can recompute, invitations and answers, completion with
evaluations, engagement records and flags, the public audit. The same roles as a service (domain/, commands,
views, schemas, api, store, outgoing, handlers, jobs); matching's app and worker take its blueprints,
handlers, jobs and indexes."""
