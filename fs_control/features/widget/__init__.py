"""The website widget's part in the controller: the visitor-data retention purge."""
