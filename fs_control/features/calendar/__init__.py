"""Calendar presence: feeds.py fetches every linked ICS feed, reader.py parses them in a
separate process."""
