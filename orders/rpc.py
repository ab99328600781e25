"""`/api/rpc`: the JSON-RPC 2.0 endpoint (methods live in orders/rpc_methods.py, underwrite/rpc_methods.py)."""

from django.urls import path

from common.jsonrpc import jsonrpc_view

urlpatterns = [path("", jsonrpc_view, name="jsonrpc")]
