"""The controller's voicemail feature."""
