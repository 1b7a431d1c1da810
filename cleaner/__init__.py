"""newsclean: strip site chrome from scraped news, keep every line of the article, explain why."""
from .api import clean, explain, replay
from .options import Options
from .pipeline import CleanError, clean_many
from .result import BadInput, CleanResult, Decision, Removal

__all__ = ["clean", "clean_many", "CleanError", "explain", "replay", "Options", "CleanResult", "Removal", "Decision", "BadInput"]
__version__ = "0.1.0"
