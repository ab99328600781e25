"""The operation-log name of an underwrite write, shared by the REST and JSON-RPC doors (the staff engineer
moves operation-log recording into the services; until then the middleware records what this names)."""

from accounts.middleware import log_operation


def underwrite_operation_name(request, operation: str, underwrite_id=None) -> None:
    """Name the operation-log entry of a staff write on one underwrite."""
    log_operation(request, module="underwrite", operation=operation, target_type="underwrite",
                  target_id=str(underwrite_id) if underwrite_id else "")
