"""One module per area; import from the module (e.g. marketplace.services.trades)."""
