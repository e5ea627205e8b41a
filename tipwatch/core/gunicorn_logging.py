"""gunicorn's own log lines (its errors, a worker timeout, the access log) as the site's JSON
lines, secrets in paths redacted (tipwatch/core/logs.py): `--logger-class
tipwatch.core.gunicorn_logging.JsonLogger`."""

from gunicorn.glogging import Logger

from tipwatch.core.logs import JsonFormatter


class JsonLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        formatter = JsonFormatter()
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)
