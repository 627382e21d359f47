"""C4's rules (Raffel et al. 2020, as in the TensorFlow Datasets code): line rules that drop
lines, page rules that drop the page.

Dropped lines are kept in the document's audit trail with their rule as reason
(`quality.c4.no_terminal_punct`, ...). FineWeb runs C4 without the terminal-punctuation
line rule: `terminal_punct: false`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..stage import DocumentStage, register
from .rules import fail

_CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
_END = (".", "?", "!", '"', "'")
_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
_BOUNDARY = re.compile(r"(?:[.!?]+[\"'”’)\]]*\s+|[。！？]+[”’」』）]*\s*)(?=\S)")


def sentence_count(line: str) -> int:
    """Sentences in a line: one, plus one per terminal punctuation that more text follows."""
    return 1 + len(_BOUNDARY.findall(line)) if line.strip() else 0


@register("quality.c4")
@dataclass
class C4Quality(DocumentStage):
    terminal_punct: bool = True
    min_words_per_line: int = 3
    max_word_length: int = 1000
    min_sentences: int = 5
    lorem_ipsum: bool = True
    javascript: bool = True
    curly_bracket: bool = True
    policy: bool = True
    remove_citations: bool = True

    def process(self, doc: Document) -> Document:
        kept: list[str] = []
        sentences = 0
        r = self.name
        for i, raw in enumerate(doc.text.splitlines()):
            line = raw.strip()
            ws = line.split()
            why = None
            if self.max_word_length > 0 and any(len(w) > self.max_word_length for w in ws):
                why = "long_word"
            else:
                if self.remove_citations:
                    line = _CITATION.sub("", line)
                low = line.lower()
                if self.terminal_punct and (not line.endswith(_END) or line.endswith("...")):
                    why = "no_terminal_punct"
                elif len(ws) < self.min_words_per_line:
                    why = "few_words"
                elif self.lorem_ipsum and "lorem ipsum" in low:
                    return fail(doc, r, "lorem_ipsum", 1, "'lorem ipsum' in the text")
                elif self.javascript and "javascript" in low:
                    why = "javascript"
                elif self.curly_bracket and "{" in line:
                    return fail(doc, r, "curly_bracket", 1, "a '{' in the text")
                elif self.policy and any(p in low for p in _POLICY):
                    why = "policy"
            if why is None:
                kept.append(line)
                sentences += sentence_count(line)
            elif line:
                doc.remove(raw, f"{r}.{why}", line=i)
        if self.min_sentences > 0 and sentences < self.min_sentences:
            return fail(doc, r, "min_sentences", sentences, f"< {self.min_sentences}")
        doc.text = "\n".join(kept).strip()
        return doc
