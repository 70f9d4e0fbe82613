"""Record linkage: the same person, organisation, place or event across sources, scripts and
spellings, scored with Splink and kept as identities (clusters of records), never as merges."""
