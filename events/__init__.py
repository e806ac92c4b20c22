"""Use cases (the Application), persistence, read models, projections and queries."""
