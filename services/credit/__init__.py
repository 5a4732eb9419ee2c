"""Credit service (信用评价): event-built, explainable ratings of service agencies."""
