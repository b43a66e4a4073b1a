"""Every user's own conference room: its number and PIN, who is in it now, the owner's
commands to the switch, and the invitations (e-mail with a calendar entry, SMS)."""
