"""Internal processes (quy trình nội bộ) as plain values, and their checks.

A process is data: ordered steps, each handled by a role in an agency,
with a share of the legal time and the actions allowed there. Routes are
the forward edges between steps (branches allowed); sending back is
dynamic (to the step the task came from), so it is not a route.
"""

from enum import StrEnum


class StepAction(StrEnum):
    FORWARD = "forward"  # chuyển bước tiếp theo
    SEND_BACK = "send_back"  # trả lại bước trước
    REQUEST_SUPPLEMENT = "request_supplement"  # yêu cầu bổ sung
    REQUEST_FEES = "request_fees"  # yêu cầu nghĩa vụ tài chính
    TRANSFER = "transfer"  # chuyển liên thông
    APPROVE = "approve"  # duyệt
    SIGN = "sign"  # ký số
    ISSUE = "issue"  # phát hành kết quả
    RETURN_RESULT = "return_result"  # trả kết quả
    STOP = "stop"  # dừng xử lý
    COMPLETE_TRANSFER = "complete_transfer"  # hoàn thành phần liên thông
    RETURN_TRANSFER = "return_transfer"  # trả lại hồ sơ liên thông


class ProcessKind(StrEnum):
    MAIN = "main"
    TRANSFER = "transfer"


class AgencyRule(StrEnum):
    RECEIVING = "receiving"  # the agency that received the dossier
    HANDLING = "handling"  # the agency that decides it (the leg's agency)
    PARENT_PC = "parent_pc"  # the People's Committee above the leg's agency
    FUNCTION = "function"  # the agency with a function in the same unit


class BudgetUnit(StrEnum):
    WORKING_HOURS = "working_hours"
    WORKING_DAYS = "working_days"


class TaskState(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class LegOutcome(StrEnum):
    OPEN = ""
    DONE = "done"
    RETURNED = "returned"


TaskOutcome = StepAction
