"""The call log's safety net: cdr_spool.py reconciles mod_json_cdr's spool; outbound call ends
free the caps."""
