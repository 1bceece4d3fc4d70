"""Readers: content files and themes in, model values out. They know nothing of renderers."""
