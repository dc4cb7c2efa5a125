//! rollcall-zoom: the typed Zoom REST client.
