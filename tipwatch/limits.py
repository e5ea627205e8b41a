"""Every size limit on input, in one place: files to import, and free text people type.

Each limit is far above what real data needs (a report chapter is 20-100 KB with 5-25
prioritized recommendations; the largest tier table is under 300 KB) and far below what would
strain the server or the database, so only a mistake or an attack meets one. Each is checked
before any work starts, with a message naming it.
"""

# Import files (text chapters, tier CSVs): checked from the file's size before it is read.
MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024
# Recommendations in one chapter (positions are small integers in the database).
MAX_RECOMMENDATIONS_PER_CHAPTER = 200
# Chapters in one file, for readers of whole reports (PDF, HTML); a text file is one chapter.
MAX_CHAPTERS_PER_FILE = 250

# generate_demo_data --scale: 100 is 4.5 million recommendations, 45 million status changes.
MAX_DEMO_SCALE = 100

# Free text typed into forms (and the API): form, model, database constraint and service.
MAX_NOTE_LENGTH = 5000
MAX_URL_LENGTH = 500


def megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"
