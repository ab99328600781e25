"""Checks shared by the list-filter tests (issue 13 item 8): what a list answers for a query, that a bad filter
value is a 400 envelope naming the parameter, and that filtering adds no query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def ids(client, url: str, key: str = "id") -> list:
    """The `key` of every row of one (large) page of the list at `url`, sorted."""
    response = client.get(url + ("&" if "?" in url else "?") + "size=100")
    assert response.status_code == 200, response.content
    return sorted(row[key] for row in response.json()["data"]["list"])


def assert_bad_filter(client, url: str, param: str) -> None:
    """`url` names a bad value of `param`: a 400 in the {code, message, data} envelope, `data` naming it."""
    response = client.get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == 400 and body["message"], body
    assert param in body["data"], body


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def assert_filters_add_no_query(client, url: str, query: str) -> None:
    """The list narrowed by `query` reads in no more queries than the whole list (a FilterSet only adds
    conditions to the page's own query)."""
    assert query_count(client, f"{url}?{query}") <= query_count(client, url)
