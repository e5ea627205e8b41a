"""Every size limit on input, in one place: files to import, and free text people type.

Each limit is far above what real data needs (a report chapter is 20-100 KB with 5-25
prioritized recommendations; the largest tier table is under 300 KB) and far below what would
strain the server or the database, so only a mistake or an attack meets one. Each is checked
before any work starts, with a message naming it.
"""

# Tier tables (import_tiers): checked from the file's size before it is read. Report files
# have their own bounds where they are read: size per kind, pages and chapters per file in
# recommendations/reading/files.py, recommendations per chapter in recommendations/chapters.py.
MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024

# generate_demo_data --scale: 100 is 4.5 million recommendations, 45 million status changes.
MAX_DEMO_SCALE = 100

# Free text typed into forms (and the API): form, model, database constraint and service.
MAX_NOTE_LENGTH = 5000
MAX_URL_LENGTH = 500


def megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"
