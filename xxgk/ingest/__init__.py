"""Getting documents into the raw zone: listing sources and reading or fetching their bytes."""
