"""Where the data lives: the tables (models), the engine and its upgrades (engine), the
search index (search) and the schema's history (migrations)."""
