"""Query-string filters shared by the lists: repeated parameters mean "any of" (DESIGN §9).

`?state=active&state=inactive` and `?state=active,inactive` are the same filter. DRF serializers read a
QueryDict's last value only, so a list's filter input goes through `any_of_params` first."""

from django.http import QueryDict


def any_of_params(query_params: QueryDict, *names: str) -> dict:
    """The query as a plain dict in which each of `names`, given once, several times or as a comma list,
    becomes one comma-separated string of all its values (blank values dropped)."""
    data = {key: query_params.get(key) for key in query_params}
    for name in names:
        values = [value.strip() for raw in query_params.getlist(name) for value in raw.split(",")]
        if name in data:
            data[name] = ",".join(value for value in values if value)
    return data
