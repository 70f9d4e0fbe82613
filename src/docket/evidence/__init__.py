"""Evidence integrity: the content-addressed blob store, the chain of custody, keys and bags."""
