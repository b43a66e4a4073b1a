"""Call control asked for through the API and carried out by the controller (fs_control)."""
