"""Document filters: language, quality rule sets (Gopher, C4, FineWeb), publishers' opt-outs, PII redaction."""
