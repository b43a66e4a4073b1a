"""The audit log: who changed what, when, with the object before and after."""
