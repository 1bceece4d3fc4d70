"""briefkit: one Markdown brief in, a PDF report and a matching slide deck out."""

__version__ = "0.1.0"
