"""The IVR: a switchboard service's entry menu and its menus (the flows live in
vaxel.switchboard.ivr.flow)."""
