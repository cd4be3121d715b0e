"""The realtime probe: a websocket session on the URI `outputs` prints; session created, a text response done."""

from __future__ import annotations

import json
import time
from typing import Any

from aoai_provision.azure.dataplane import DataPlane
from aoai_provision.azure.probe_answers import Answer, ProbeFailed, error_from_json
from aoai_provision.verify.model import Check


def realtime_session(dataplane: DataPlane, check: Check, timeout: float) -> Answer:
    from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

    if not check.realtime_uri:
        raise ProbeFailed("no realtime URI for this deployment", code="NoRealtimeUri")
    deadline = time.monotonic() + timeout
    try:
        socket = dataplane.open_websocket(check.realtime_uri, {"Authorization": f"Bearer {dataplane.token()}"},
                                          timeout)
    except InvalidStatus as rejected:
        response = rejected.response
        raise error_from_json(response.status_code, bytes(response.body or b""), response.headers) from rejected
    except (InvalidHandshake, OSError, TimeoutError) as error:
        raise ProbeFailed(f"cannot open a websocket to {check.realtime_uri}: {error}",
                          code="ConnectionError") from error
    try:
        with socket:
            created = _next(socket, deadline, {"session.created"})
            answer = Answer(status=101, first_byte=time.monotonic(),
                            model=(created.get("session") or {}).get("model"))
            # The GA API (/openai/v1/realtime) names the field output_modalities; the previews modalities.
            ga = "/openai/v1/realtime" in check.realtime_uri
            text_only = {"output_modalities": ["text"]} if ga else {"modalities": ["text"]}
            session = {"type": "realtime", **text_only} if ga else text_only
            socket.send(json.dumps({"type": "session.update", "session": session}))
            _next(socket, deadline, {"session.updated"})
            socket.send(json.dumps({"type": "response.create",
                                    "response": {**text_only, "instructions": "Reply with OK."}}))
            done = _next(socket, deadline, {"response.done"})
    except ConnectionClosed as closed:
        raise ProbeFailed(f"the session closed early ({closed})", status=101, code="SessionClosed") from closed
    final: dict[str, Any] = done.get("response") or {}
    if final.get("status") != "completed":
        details = final.get("status_details") or {}
        raise ProbeFailed(f"the response ended {final.get('status')!r}: {json.dumps(details)}", status=101,
                          code="ResponseNotCompleted")
    answer.notes.append("session created, text response completed")
    return answer


def _next(socket: Any, deadline: float, wanted: set[str]) -> dict[str, Any]:
    """The next server event of a ``wanted`` type (others are skipped); an ``error`` event fails."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise ProbeFailed(f"no {'/'.join(sorted(wanted))} event in time", status=101, code="Timeout")
        try:
            raw = socket.recv(timeout=left)
        except TimeoutError as error:
            raise ProbeFailed(f"no {'/'.join(sorted(wanted))} event in time", status=101, code="Timeout") from error
        event = json.loads(raw)
        if event.get("type") == "error":
            problem = event.get("error") or {}
            raise ProbeFailed(str(problem.get("message")), status=101, code=problem.get("code"))
        if event.get("type") in wanted:
            return dict(event)
