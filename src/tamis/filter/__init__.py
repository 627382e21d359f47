"""Document filters: language, quality rule sets (Gopher, C4, FineWeb), PII redaction."""
