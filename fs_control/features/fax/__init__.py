"""The fax mailbox: performer.py receives a fax with mod_spandsp's rxfax."""
