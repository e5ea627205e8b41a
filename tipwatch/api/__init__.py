"""The read API under /api/v1/ (Django REST framework) and admins' one write: a status."""
