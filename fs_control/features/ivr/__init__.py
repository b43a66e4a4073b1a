"""The controller's IVR: switchboard menus as service flows."""
