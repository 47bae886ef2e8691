"""press-extractor: ingest press releases and fact sheets, extract who, what, how much and when."""

from extractor.records import SCHEMA_VERSION

__version__ = "0.1.0"
__all__ = ["SCHEMA_VERSION", "__version__"]
