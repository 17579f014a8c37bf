"""Human-readable rendering of a command's result (the --json form is the dict itself)."""

# pylint: disable=print-used
def _print_value(key, value, indent):
    pad = "  " * indent
    if isinstance(value, dict):
        print("%s%s:" % (pad, key))
        for sub_key, sub_value in value.items():
            _print_value(sub_key, sub_value, indent + 1)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        print("%s%s: (%d)" % (pad, key, len(value)))
        for row in value[:50]:
            print("%s  - %s" % (pad, ", ".join("%s=%s" % kv for kv in row.items())))
        if len(value) > 50:
            print("%s  … %d more (use --json for all)" % (pad, len(value) - 50))
    elif isinstance(value, list):
        print("%s%s: %s" % (pad, key, ", ".join(str(v) for v in value)))
    else:
        print("%s%s: %s" % (pad, key, value))


def print_text(result):
    if not isinstance(result, dict):
        print(result)
        return
    for key, value in result.items():
        _print_value(key, value, 0)
