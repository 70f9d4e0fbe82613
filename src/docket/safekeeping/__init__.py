"""Keeping an archive safe as a whole: encrypting one made plain, backing it up, restoring it."""
