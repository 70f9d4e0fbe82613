"""The JSON API under ``/api``; each module offers one ``router`` and its response models."""
