"""The read side: row models, projection handlers, the projection runner and queries."""
