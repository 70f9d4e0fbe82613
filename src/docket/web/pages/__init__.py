"""The pages people use; each module offers one ``router`` for one part of the workspace."""
