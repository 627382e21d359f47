"""Clean: a page's visible text -> its article, line by line, with a reason per dropped line."""
