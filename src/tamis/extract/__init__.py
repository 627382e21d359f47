"""Extract: HTML -> the page's main text and its metadata."""
