"""Reading sheets and importing them into the store."""
