"""Readers of the report files: PDF, web page (HTML) and text, into country chapters.

The entry point is files.read_report_file; pdf, html and repair hold what is specific to each
format, in front of recommendations.chapters, which interprets the chapter text. No database.
"""
