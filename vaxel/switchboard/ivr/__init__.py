"""IVR menus (knappval): the menus as data (models), their decisions (rules), editing
them (services) and the call flow that plays them (flow)."""
