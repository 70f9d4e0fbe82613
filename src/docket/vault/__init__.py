"""Encryption at rest: the archive key, how it is unlocked, and the ciphers it keys.

Below the evidence layer: the blob store and the database engine take what this package unlocks,
and nothing here reads the archive itself.
"""
