"""Portal accounts: who may log in to the admin portal, with which rights."""
