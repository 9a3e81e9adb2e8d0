"""Sync with the commune's central service (no Qt): the HTTP client and the service that
pushes the outbox and pulls the team's other changes. The protocol both sides speak is the
shared core's (sotay/protocol.py)."""
