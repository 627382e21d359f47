"""Write: output shards (kept/, rejected/) and the run manifest."""
