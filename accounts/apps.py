from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts.oplog import rpc_call_logged
        from common.jsonrpc import register_call_wrapper

        register_call_wrapper(rpc_call_logged)
