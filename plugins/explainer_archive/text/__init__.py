"""Text stage: decode raw bytes, clean chrome away, find the article date, render Markdown/HTML."""
