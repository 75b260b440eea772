"""Scans (image-only PDF pages, PNG/JPEG/TIFF): OpenCV page preparation and tesseract words."""
