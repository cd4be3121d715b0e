"""The requests session of the management clients: the environment read once, each request straight to its pool.

``requests.Session.request`` re-derives, for every request, what is constant for this tool's
clients: it re-reads the proxy and CA-bundle variables of the environment and ``~/.netrc`` (whose
basic auth would replace the bearer token), merges cookies and hooks, re-parses and re-encodes a URL
azure-core has already built, then dispatches hooks and resolves redirects azure-core handles
itself. That is about 0.5-1 ms of CPU per request under the GIL, which is most of the client's cost
of a request to a local endpoint (bench/README.md, "emulator serve"). ``ArmSession`` reads the
environment once, for the one endpoint its clients talk to, and hands each request to requests'
own connection adapter (pooling, TLS verification, proxies, timeouts and error types unchanged);
anything unusual (cookies, files, params, redirects) still takes requests' general path.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_environ_proxies
from urllib3.util.retry import Retry

NO_LENGTH_METHODS = frozenset({"GET", "HEAD"})  # as requests: every other method without a body says 0


def environment_ca_bundle() -> str | None:
    """``REQUESTS_CA_BUNDLE`` or ``CURL_CA_BUNDLE``, as requests would read them on each request."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


class ArmSession(requests.Session):
    """A session for one endpoint, with a connection pool of ``pool_size`` per host; thread-safe for sending."""

    def __init__(self, endpoint: str, pool_size: int) -> None:
        super().__init__()
        # As azure-core sets up its own sessions: retries are the pipeline's job, never urllib3's.
        adapter = HTTPAdapter(pool_maxsize=pool_size,
                              max_retries=Retry(total=False, redirect=False, raise_on_status=False))
        for scheme in ("https://", "http://"):
            self.mount(scheme, adapter)
        self.trust_env = False  # read once, below: HTTPS_PROXY / NO_PROXY for this endpoint
        self.proxies = get_environ_proxies(endpoint)

    def request(self, method: str, url: str, params: Any = None, data: Any = None,  # type: ignore[override]
                headers: Mapping[str, str] | None = None, cookies: Any = None, files: Any = None, auth: Any = None,
                timeout: Any = None, allow_redirects: bool = True, proxies: dict[str, str] | None = None,
                hooks: Any = None, stream: bool | None = None, verify: Any = None, cert: Any = None,
                json: Any = None) -> requests.Response:
        if (params or cookies or files or auth or hooks or json is not None or allow_redirects
                or not isinstance(data, (bytes, str, type(None)))):
            return super().request(method, url, params=params, data=data, headers=headers, cookies=cookies,
                                   files=files, auth=auth, timeout=timeout, allow_redirects=allow_redirects,
                                   proxies=proxies, hooks=hooks, stream=stream, verify=verify, cert=cert, json=json)
        prepared = requests.PreparedRequest()
        prepared.method = method.upper()
        prepared.url = url
        merged = CaseInsensitiveDict(self.headers)  # as requests: the session's defaults (Accept-Encoding...)
        merged.update(headers or {})
        prepared.headers = CaseInsensitiveDict({k: v for k, v in merged.items() if v is not None})
        body = data.encode("utf-8") if isinstance(data, str) else data
        if "Content-Length" not in prepared.headers and "Transfer-Encoding" not in prepared.headers:
            if body is not None:
                prepared.headers["Content-Length"] = str(len(body))
            elif prepared.method not in NO_LENGTH_METHODS:
                prepared.headers["Content-Length"] = "0"
        prepared.body = body
        return self.get_adapter(url).send(
            prepared, stream=bool(stream), timeout=timeout, verify=self.verify if verify is None else verify,
            cert=self.cert if cert is None else cert, proxies={**self.proxies, **(proxies or {})})
