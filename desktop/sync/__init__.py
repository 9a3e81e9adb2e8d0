"""Sync with the commune's central service (no Qt): the protocol both sides share, the HTTP
client, and the service that pushes the outbox and pulls the team's other changes."""
