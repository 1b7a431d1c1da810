"""Ray Data: clean a text column with `map_batches`; other columns pass through untouched.

    import ray
    from cleaner.integrations.ray import NewscleanBatch
    ds = ray.data.read_json("in.jsonl")
    ds.map_batches(NewscleanBatch, fn_constructor_kwargs={"text_column": "text"}, batch_format="pandas",
                   concurrency=4).write_json("out/")

The same code runs on a cluster: `ray.init(address="auto")` before reading; each worker builds
the cleaner once (rules, stoplists, language profiles) in the constructor.
"""
from __future__ import annotations

from ..api import clean
from ..options import Options
from ..result import BadInput


class NewscleanBatch:
    def __init__(self, text_column: str = "text", url_column: str | None = "url", input_format: str = "auto",
                 options: Options | None = None):
        self.text_column, self.url_column = text_column, url_column
        self.input_format, self.options = input_format, options
        clean("warm-up", input_format="text", options=options)  # load rules and profiles once per worker

    FIELDS = ("title", "date", "language", "kind", "kind_reason", "authors", "site_name")

    def __call__(self, batch):
        texts, errors = [], []
        columns: dict[str, list] = {name: [] for name in self.FIELDS}
        urls = batch[self.url_column] if self.url_column and self.url_column in batch else [None] * len(batch)
        for raw, url in zip(batch[self.text_column], urls):
            try:
                r = clean(raw, url=url, input_format=self.input_format, options=self.options)
            except BadInput as exc:
                texts.append(""), errors.append(str(exc))
                for values in columns.values():
                    values.append(None)
                continue
            texts.append(r.text), errors.append(None)
            fields = r.to_dict()
            for name, values in columns.items():
                values.append(fields[name])
        batch = batch.copy()
        batch[self.text_column] = texts
        for name, values in columns.items():
            batch[name] = values
        batch["newsclean_error"] = errors
        return batch
