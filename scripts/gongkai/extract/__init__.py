"""Stage 3: metadata from the normalised document (Document → FrontMatter).

metadata.py reads the fields in order of trust and assembles the front matter; places.py resolves the place (with
hosts.py for page addresses), organs.py the issuing organ and its full name, fields.py the single-field rules
(dates, 文号, year, document type, sections).
"""

from gongkai.extract.metadata import Source, extract

__all__ = ["Source", "extract"]
