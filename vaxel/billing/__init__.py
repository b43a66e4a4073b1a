"""Cost centres, invoice places, the price list and the next period's invoice preview."""
