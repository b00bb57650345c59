"""Generic rendering toolkits shared by the domains: PDF (reportlab + DejaVu fonts), XLSX (openpyxl), SVG charts.

Nothing here imports a domain: callers pass plain text and numbers in (an import-linter contract).
"""
