"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters: 17 information characters and one check character, all drawn from
the 31-character set below (the letters I, O, S, V and Z are never used, so that
they cannot be confused with digits).
"""

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Weight of position i is 3**i mod 31 (GB 32100-2015, table 2).
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18

_VALUE = {char: index for index, char in enumerate(CHARSET)}


def normalize(code):
    """Upper-case, strip, drop inner spaces: how people type the code into legacy systems."""
    if code is None:
        return ""
    return "".join(str(code).split()).upper()


def check_char(first17):
    """The check character for the 17 information characters ``first17``.

    Raises ValueError when ``first17`` is not 17 characters of the code's charset.
    """
    first17 = normalize(first17)
    if len(first17) != LENGTH - 1 or any(char not in _VALUE for char in first17):
        raise ValueError("expected 17 characters of %s, got %r" % (CHARSET, first17))
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def is_valid(code):
    """True when ``code`` is 18 characters of the charset and its check character fits."""
    code = normalize(code)
    if len(code) != LENGTH or any(char not in _VALUE for char in code):
        return False
    return check_char(code[:17]) == code[17]


def problem(code):
    """Why ``code`` is not a valid USCC: None, 'length', 'charset' or 'check'."""
    code = normalize(code)
    if len(code) != LENGTH:
        return "length"
    if any(char not in _VALUE for char in code):
        return "charset"
    if check_char(code[:17]) != code[17]:
        return "check"
    return None
