"""Reading entities, dates, counts, acts and interventions out of document text."""
