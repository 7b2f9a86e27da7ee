"""Imported once by the bulk pool's fork server: workers start with everything warm.

Importing this module loads the pipeline and runs it once on a short text, so the regular
expressions and tables every worker needs are compiled before the workers are forked.
"""

from __future__ import annotations

from extractor.bulk import process_task as _process_task  # noqa: F401
from extractor.pipeline import extract_or_error

extract_or_error(
    "Căn cứ Kế hoạch số 137/KH-UBND ngày 24/7/2019 của UBND tỉnh; Trường THPT Lạc Thủy C.\n"
    "I. KẾT QUẢ KIỂM TRA\n1. Ưu điểm\n",
    source="warm-up",
)
