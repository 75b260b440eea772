"""Spot-check review of extracted values in the browser (`baocao review DIR`).

queue.py   which values to check (flagged, low confidence, a seeded stratified sample of the rest)
store.py   decisions in DIR/baocao.duckdb (table `reviews`), apply_reviews, the error-rate estimate
crops.py   the source beside each value: page crops with the cell boxed, the table, the sentence
app.py     the Flask app (localhost only, session token, XSRF header on POST)
"""
