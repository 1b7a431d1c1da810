"""Options: one frozen dataclass; every field has a default, so `Options()` is the packaged behaviour."""
from __future__ import annotations

from dataclasses import dataclass, replace



@dataclass(frozen=True)
class Options:
    rules_dirs: tuple[str, ...] = ()  # user rule folders, layered over the packaged rules
    detect_language: bool = True
    max_bytes: int = 20 * 1024 * 1024  # larger inputs are refused with BadInput (news pages are far smaller)
    max_line_chars: int = 1_000_000  # longer lines are kept/dropped whole without feature work
    guard: bool = True  # fall back to rules-only cleaning when the article would lose most prose
    keep_listings: bool = False  # a listing page writes its headline list (one teaser a line), not nothing

    def with_(self, **changes) -> "Options":
        return replace(self, **changes)

    def fingerprint(self) -> str:
        """What the output depends on, for resumable batches (rules content is hashed separately)."""
        return repr((self.rules_dirs, self.detect_language, self.max_bytes, self.max_line_chars, self.guard,
                     self.keep_listings))
