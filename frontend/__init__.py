"""The playground page as package data: index.html, css/ and js/ (served by api/static.py)."""
