"""Widgets: they receive typed values and send messages; none of them touches AWS."""
