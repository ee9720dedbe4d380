"""The check-in form's repeated controls (chips, scale points) built in plain Python.

Today renders about fifty of them on every visit; a Jinja loop with a macro per group cost most
of the page's time. The markup is exactly what the macros produced, escaped the same way.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def chips(name: str, options, chosen, prefix: str) -> Markup:
    """Checkboxes under big labels; `chosen` holds the checked values as strings."""
    name = escape(name)
    items = []
    for value, text in options:
        value = escape(value)
        checked = " checked" if str(value) in chosen else ""
        items.append(f'\n  <input type="checkbox" name="{name}" id="{prefix}-{value}" '
                     f'value="{value}"{checked}>\n  <label for="{prefix}-{value}">'
                     f"{escape(text)}</label>\n")
    return Markup(f'\n<div class="chips">\n{"".join(items)}\n</div>\n')


def scale_points(name: str, words: dict[int, str], data, required: bool = False,
                 indent: int = 4, shown: bool = False) -> Markup:
    """Radios 1..n, each labelled with its number and word. `shown` puts the word on screen
    under the number, on the point's own colour (class m1..m10, the calendar's palette), so a
    low day finds its word without counting; otherwise the word is for screen readers only."""
    top, outer, inner = len(words), " " * indent, " " * (indent + 2)
    items = []
    for value in range(1, top + 1):
        checked = " checked" if data == value else ""
        word = escape(words[value])
        if shown:
            text = (f'<span class="n">{value}</span><span class="w">{word}</span>'
                    f'<span class="visually-hidden"> out of {top}</span>')
            tone = f' class="m{value}"'
        else:
            text = f'{value}<span class="visually-hidden"> out of {top}, {word}</span>'
            tone = ""
        items.append(f'\n{inner}<input type="radio" name="{name}" id="{name}-{value}" '
                     f'value="{value}"{" required" if required else ""}{checked}>\n'
                     f'{inner}<label for="{name}-{value}"{tone}>{text}</label>\n{outer}')
    return Markup("".join(items))
