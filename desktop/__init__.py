"""Frontline Screening desktop GUI: a thin PySide6 layer over ``screening_tools.service``."""
