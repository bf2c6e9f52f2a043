"""One structured log line per request, tied together by a request id."""

import json
import logging
import re
import time
import uuid

logger = logging.getLogger("newsroom.request")

# Accept a proxy's id only if it cannot forge log lines or headers.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestLogMiddleware:
    """Log method, path, status and duration of every request as one JSON line,
    and send the request id back in X-Request-ID so a reader's report can be
    matched to the log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = (
            incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        )
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        logger.info(
            "request",
            extra={
                "request_id": request.id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": getattr(getattr(request, "user", None), "pk", None),
            },
        )
        return response


class JsonLineFormatter(logging.Formatter):
    """Format a record and the fields passed in `extra` as one JSON object."""

    FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id")

    def format(self, record):
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(
            (field, getattr(record, field))
            for field in self.FIELDS
            if hasattr(record, field)
        )
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line)
