"""datatrove: a pipeline step (documents in, cleaned documents out, decisions counted by rule id),
and a WARC reader that reads records as `newsclean clean` does (cleaner.warc).

    from cleaner.integrations.datatrove import NewscleanStep, NewscleanWarcReader
    LocalPipelineExecutor(pipeline=[JsonlReader("in/"), NewscleanStep(), JsonlWriter("out/")]).run()
    LocalPipelineExecutor(pipeline=[NewscleanWarcReader("crawl/"), NewscleanStep(), JsonlWriter("out/")]).run()
"""
from __future__ import annotations

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers.base import BaseDiskReader

from ..api import clean
from ..options import Options
from ..result import BadInput
from ..warc import Damaged, Skipped, WarcDocument, read


def _from_record(doc: WarcDocument) -> dict:
    """A record as datatrove's WarcReader gives it: the record id, and url and date (WARC-Date)
    in the metadata; the offset besides, to find the record again."""
    return {"text": doc.text, "id": doc.id, "metadata": {"url": doc.url, "date": doc.fetch_date,
                                                         "warc_offset": doc.offset}}


class NewscleanStep(PipelineStep):
    """Cleans each document's text. It also takes cleaner.warc.iter_records' records as they come.
    A WARC record's date (WarcReader's and NewscleanWarcReader's metadata "date" is the WARC-Date)
    moves to "fetch_date", and "date" becomes the article's."""

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
            if isinstance(doc, WarcDocument):
                doc = Document(**_from_record(doc))
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
            if _is_warc_record(doc) and "fetch_date" not in doc.metadata:
                doc.metadata["fetch_date"] = doc.metadata.get("date")
            doc.metadata.update(title=result.title, language=result.language,
                                date=result.date.isoformat() if result.date else None, kind=result.kind,
                                kind_reason=result.kind_reason, authors=list(result.authors),
                                site_name=result.site_name)
            if result.url:
                doc.metadata["url"] = result.url
            self.stat_update("kept")
            yield doc


def _is_warc_record(doc: Document) -> bool:
    """A WARC-Record-ID is a URN in angle brackets (the WARC standard): both WARC readers use it as the id."""
    return isinstance(doc.id, str) and doc.id.startswith("<urn:")


class NewscleanWarcReader(BaseDiskReader):
    """WARC files read as `newsclean clean` reads them (cleaner.warc): HTTP 200 responses with an HTML
    or text content type, decoded with the HTTP header's charset before the page's own; other
    records counted in the stats as skipped.<reason>, damaged spots as "damaged" (and logged)."""

    name = "🕷 Warc (newsclean)"

    def __init__(self, data_folder, paths_file=None, limit: int = -1, skip: int = 0, file_progress: bool = False,
                 doc_progress: bool = False, default_metadata: dict | None = None, recursive: bool = True,
                 glob_pattern: str | None = None, shuffle_files: bool = False,
                 options: Options | None = None):
        super().__init__(data_folder, paths_file, limit, skip, file_progress, doc_progress,
                         default_metadata=default_metadata, recursive=recursive, glob_pattern=glob_pattern,
                         shuffle_files=shuffle_files)
        self.max_bytes = (options or Options()).max_bytes

    def read_file(self, filepath: str):
        from loguru import logger

        with self.data_folder.open(filepath, "rb", compression=None) as fh:
            for item in read(fh, max_bytes=self.max_bytes):
                if type(item) is Skipped:
                    self.stat_update(f"skipped.{item.reason}")
                elif type(item) is Damaged:
                    self.stat_update("damaged")
                    logger.warning(f"{filepath}: offset {item.offset}: {item.error}")
                else:
                    document = self.get_document_from_dict(_from_record(item), filepath, item.offset)
                    if document:
                        yield document
