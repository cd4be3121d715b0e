"""Long-running-operation polling that spends fewer ARM reads: no immediate first poll, no final GET.

azure-core's ARMPolling polls once right after the initial response (almost always still in
progress), then at each Retry-After hint, then GETs the resource again after success. With many
accounts written at once those reads hit ARM's read limit (250 + 25/s per principal). The executor
does not use the returned body, so this polling waits for the initial response's hint (when it has
one) before the first poll and skips the final GET: one read per operation when the hint is right.
"""

from __future__ import annotations

from typing import Any


def lean_polling(interval: float) -> Any:
    """A fresh polling method for one ``begin_*`` call (pass as ``polling=``)."""
    from azure.core.pipeline.policies._utils import get_retry_after
    from azure.core.polling.base_polling import OperationFailed, _failed
    from azure.mgmt.core.polling.arm_polling import ARMPolling

    class LeanARMPolling(ARMPolling):
        def _poll(self) -> None:
            first = True
            while not self.finished():
                if not first or get_retry_after(self._pipeline_response):
                    self._delay()
                first = False
                self.update_status()
            if _failed(self.status()):  # type: ignore[no-untyped-call]
                raise OperationFailed("Operation failed or canceled")

    return LeanARMPolling(interval)
