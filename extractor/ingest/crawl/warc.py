"""Raw responses kept as a WARC file (warcio), one gzipped file per crawl run."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO

import httpx
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# The body is stored as received after Content-Encoding was undone, so headers that
# describe the wire form would lie about it.
_DROP = frozenset({"content-encoding", "transfer-encoding", "content-length"})


class WarcSink:
    def __init__(self, directory: str | Path, user_agent: str) -> None:
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.path = folder / f"crawl-{stamp}-{os.getpid()}.warc.gz"
        self._handle: IO[bytes] = self.path.open("wb")
        self._writer = WARCWriter(self._handle, gzip=True)
        info = self._writer.create_warcinfo_record(
            self.path.name, {"software": user_agent, "format": "WARC File Format 1.1"}
        )
        self._writer.write_record(info)

    def record(self, request: httpx.Request, response: httpx.Response, body: bytes) -> None:
        url = str(request.url)
        request_headers = StatusAndHeaders(
            f"{request.method} {request.url.raw_path.decode('ascii', 'replace')} HTTP/1.1",
            [(k, v) for k, v in request.headers.items()],
            is_http_request=True,
        )
        self._writer.write_record(
            self._writer.create_warc_record(url, "request", http_headers=request_headers)
        )
        reason = response.reason_phrase or ""
        response_headers = StatusAndHeaders(
            f"{response.status_code} {reason}".strip(),
            [(k, v) for k, v in response.headers.items() if k.lower() not in _DROP],
            protocol="HTTP/1.1",
        )
        self._writer.write_record(
            self._writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=response_headers
            )
        )
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()
