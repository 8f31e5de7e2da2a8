"""Derive stage: actors, topics, time expressions and the chronology from annotations."""
