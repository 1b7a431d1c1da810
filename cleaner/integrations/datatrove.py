"""A datatrove pipeline step: documents in, cleaned documents out, decisions counted by rule id.

    from cleaner.integrations.datatrove import NewscleanStep
    LocalPipelineExecutor(pipeline=[JsonlReader("in/"), NewscleanStep(), JsonlWriter("out/")]).run()
"""
from __future__ import annotations

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from ..api import clean
from ..options import Options
from ..result import BadInput


class NewscleanStep(PipelineStep):
    name = "newsclean"
    type = "🧹 - CLEANER"

    def __init__(self, options: Options | None = None, input_format: str = "auto",
                 keep_languages: set[str] | None = None, drop_empty: bool = True, keep_kinds: set[str] | None = None):
        super().__init__()
        self.options = options
        self.input_format = input_format
        self.keep_languages = keep_languages
        self.drop_empty = drop_empty
        self.keep_kinds = keep_kinds  # e.g. {"article"}: listings and empty shells are counted, not passed on

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for doc in data:
            with self.track_time():
                try:
                    result = clean(doc.text, url=doc.metadata.get("url"), input_format=self.input_format,
                                   options=self.options)
                except BadInput as exc:
                    self.stat_update("dropped.bad_input")
                    doc.metadata["newsclean_error"] = str(exc)
                    continue
            for removal in result.removed:
                self.stat_update(f"removed.{removal.rule_id}")
            self.stat_update(f"kind.{result.kind}")
            if self.keep_kinds is not None and result.kind not in self.keep_kinds:
                self.stat_update("dropped.kind")
                continue
            if self.keep_languages is not None and result.language not in self.keep_languages:
                self.stat_update("dropped.language")
                continue
            if self.drop_empty and not result.text:
                self.stat_update("dropped.empty")
                continue
            doc.text = result.text
            doc.metadata.update(title=result.title, language=result.language,
                                date=result.date.isoformat() if result.date else None, kind=result.kind,
                                kind_reason=result.kind_reason, authors=list(result.authors),
                                site_name=result.site_name)
            if result.url:
                doc.metadata["url"] = result.url
            self.stat_update("kept")
            yield doc
