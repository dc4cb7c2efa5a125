//! zoom-sim: a simulator of the Zoom endpoints Rollcall uses.
