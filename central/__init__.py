"""The central service that receives the teams' batches (comes with the sync work)."""
