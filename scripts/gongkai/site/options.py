"""The gongkai plugin's options, as mkdocs.yml may set them under `plugins: - gongkai:` (all have defaults)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class SiteOptions(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' own __init_subclass__
    latest_on_home = c.Type(int, default=10)  # the newest reports listed on the home page
    feed_size = c.Type(int, default=50)  # entries of the Atom feed (feed.xml), newest first
    # The day before which a report of year Y is due in Y + 1 ("04-01": before 1 April, as the 2019 rules ask).
    deadline = c.Type(str, default="04-01")
