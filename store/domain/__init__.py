"""The domain's pure rules and words: plain functions and values, no database."""
