"""Classification: relevance, administrative level, category and delivery model, each with evidence."""
