"""worksum: Chinese work summaries and work reports as typed, structured data."""
