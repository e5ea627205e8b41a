"""The site's own pages, one module each: those that read both apps (dashboard, trends, the
country page) and the site machinery's (start, imports log, CSRF failure)."""
