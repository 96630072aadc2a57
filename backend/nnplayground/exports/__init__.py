"""Exports of a job: a Python script (our engine), a PyTorch script and a standalone report.

The API gathers what a job is (export_source.py) and hands it to one module per format;
figures.py draws the pictures the report and the Python client share.
"""

from .export_source import DataGone, ExportSource, ExportTooLarge, UploadedFile

__all__ = ["DataGone", "ExportSource", "ExportTooLarge", "UploadedFile"]
