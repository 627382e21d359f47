"""Dedup: corpus stages that find repeated documents and repeated site lines."""
