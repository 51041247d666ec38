"""Entry point named in mkdocs.yml `hooks:`; the handlers live in gongkai.site.events."""

from gongkai.site.events import (
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_post_page,
)

__all__ = ["on_config", "on_env", "on_files", "on_nav", "on_page_content", "on_page_context", "on_page_markdown",
           "on_post_build", "on_post_page"]
