"""Conference rooms: the PIN, the room, its participants and the owner's commands."""
