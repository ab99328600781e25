"""Text fields take text (issue 17): DRF's CharField turns a JSON number into a string (`"phone": 0` → "0"),
so a body the schema refuses (`type: string`) was accepted — the fuzzer's "schema-violating request accepted".
`install()` (from CommonConfig.ready) makes every CharField (and EmailField, RegexField… its subclasses) answer
a number with its `invalid` error ("Not a valid string."), as it already does for true/false, lists and objects.
Forms and query strings carry text only, so this changes JSON bodies alone."""

from rest_framework import serializers


def install() -> None:
    original = serializers.CharField.to_internal_value
    if getattr(original, "strict_text", False):
        return

    def to_internal_value(self, data):
        if isinstance(data, int | float) and not isinstance(data, bool):
            self.fail("invalid")
        return original(self, data)

    to_internal_value.strict_text = True
    serializers.CharField.to_internal_value = to_internal_value
