"""The migrations, one module per schema revision."""
