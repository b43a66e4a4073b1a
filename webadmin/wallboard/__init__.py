"""The wallboard: a big screen's page of one or more queues, opened by a revocable link."""
