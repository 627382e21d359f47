"""Execute: where the phases of a run happen (local process pool, or Ray)."""
