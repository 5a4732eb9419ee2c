"""Web: the HTTP edge of a service: the Flask app (flask-smorest, problem JSON), authentication and roles, input
checks, rate limits, health and metrics, the dead-letter admin API."""
