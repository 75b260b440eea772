"""PDF with a text layer: pypdfium2 characters and strokes into lines, ruled and borderless tables."""
