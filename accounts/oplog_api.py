"""The operation log at the staff REST doors (DESIGN §9 "Operation log"): a DRF view declares its operation
and the whole request — authentication, the permission check, input validation and the service call — runs
inside `staff_operation`, so a refused staff request (403, 400, 409) is a `failed` row and a done one is a
`success` row written in the transaction of the change.

    class AdminMerchantApproveApi(StaffOperationApi, APIView):
        operation = "merchant:approve"
        operation_target_type = "merchant"
"""

from contextlib import ExitStack

from accounts.oplog import Operation, staff_operation

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class StaffOperationApi:
    """Mixin for an APIView (before APIView in the bases). `operation` is the seed's `module:verb`, or a
    mapping of HTTP method → name; it and `operation_target_type` may name URL kwargs (`"{kind}"`) and view
    attributes (`"{view.action_name}"`). The target id is the `operation_target_kwarg` URL kwarg; a view may
    set `self.operation_record.target_id` once it knows it (after a create). `operation_methods` are the
    logged methods (add "GET" for a sensitive read)."""

    operation: str | dict = ""
    operation_target_type: str = ""
    operation_target_kwarg: str = "pk"
    operation_methods: frozenset = WRITE_METHODS

    operation_record: Operation | None = None
    _operation_stack: ExitStack | None = None

    def operation_name(self, request, **kwargs) -> str:
        name = self.operation.get(request.method, "") if isinstance(self.operation, dict) else self.operation
        return name.format(view=self, **kwargs)

    def operation_applies(self, request, **kwargs) -> bool:
        """Whether this request may be a staff operation: its method and the view decide (before
        authentication; `staff_operation` then skips actors who are not staff)."""
        return request.method in self.operation_methods and bool(self.operation_name(request, **kwargs))

    def initial(self, request, *args, **kwargs):
        if self.operation_applies(request, **kwargs):  # `request.user` authenticates (a bad token: 401, no row)
            stack = ExitStack()
            self.operation_record = stack.enter_context(staff_operation(
                actor=request.user, request=request, operation=self.operation_name(request, **kwargs),
                target_type=self.operation_target_type.format(view=self, **kwargs),
                target_id=kwargs.get(self.operation_target_kwarg, ""),
            ))
            self._operation_stack = stack
        super().initial(request, *args, **kwargs)

    def _operation_end(self, exc: BaseException | None) -> None:
        stack, self._operation_stack = self._operation_stack, None
        if stack is None:
            return
        if exc is None:
            stack.close()  # the success row, then the commit
        else:
            stack.__exit__(type(exc), exc, exc.__traceback__)  # rollback, then the failed row on its own

    def handle_exception(self, exc):
        self._operation_end(exc)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        self._operation_end(None)
        return super().finalize_response(request, response, *args, **kwargs)
