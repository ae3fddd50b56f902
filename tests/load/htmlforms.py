"""Read the forms of a page the way a browser submits them.

The scenario must send whatever hidden fields the page carries (CSRF, version and one-time
tokens that other work adds), so it never lists them: it takes every field a form has, with the
value the page gives it, and overrides only the fields it fills in itself.
"""

import random
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


class Form:
    def __init__(self, attrs):
        self.action = attrs.get("action") or ""
        self.method = (attrs.get("method") or "get").lower()
        self.fields = []  # dicts: name, kind, value, checked, options

    def field(self, name):
        return next((f for f in self.fields if f["name"] == name), None)

    def options(self, name):
        """The non-empty option values of a select, or the values of a checkbox/radio group."""
        found = self.field(name)
        if found is None:
            return []
        if found["kind"] == "select":
            return [value for value, _selected in found["options"] if value]
        return [f["value"] for f in self.fields if f["name"] == name]

    def url(self, page_url):
        return urljoin(page_url, self.action or page_url)

    def path(self):
        return urlsplit(self.action).path

    def values(self, **overrides):
        """(name, value) pairs a browser would post, with overrides replacing whole fields.

        An override of None drops the field; a list gives several values (checkboxes).
        """
        pairs = []
        for f in self.fields:
            if f["name"] in overrides or f["kind"] in ("submit", "button", "file", "reset"):
                continue
            if f["kind"] in ("checkbox", "radio"):
                if f["checked"]:
                    pairs.append((f["name"], f["value"]))
            elif f["kind"] == "select":
                chosen = [value for value, selected in f["options"] if selected]
                if not chosen and f["options"] and not f["multiple"]:
                    chosen = [f["options"][0][0]]
                pairs.extend((f["name"], value) for value in chosen)
            else:
                pairs.append((f["name"], f["value"]))
        for name, value in overrides.items():
            if value is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                pairs.append((name, str(item)))
        return pairs

    def has_checked(self, name):
        return any(f["checked"] for f in self.fields if f["name"] == name)

    def pick(self, name, rng=random):
        choices = self.options(name)
        return rng.choice(choices) if choices else None


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
            return
        if self._form is None or ("name" not in attrs and tag != "option"):
            return
        if "disabled" in attrs:  # a browser does not send disabled fields
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.fields.append(
                {
                    "name": attrs["name"],
                    "kind": kind,
                    "value": attrs.get("value", default),
                    "checked": "checked" in attrs,
                }
            )
        elif tag == "select":
            self._select = {
                "name": attrs["name"],
                "kind": "select",
                "options": [],
                "multiple": "multiple" in attrs,
                "checked": False,
            }
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"name": attrs["name"], "kind": "textarea", "value": ""}
            self._form.fields.append(self._textarea)
        elif tag == "button":
            self._form.fields.append({"name": attrs["name"], "kind": "button", "value": ""})

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            # an option without value="" submits its text, as in a browser
            self._select["options"] = [
                (value if value is not None else text.strip(), selected)
                for value, selected, text in self._select["options"]
            ]
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            # browsers drop the newline right after <textarea>, as Django's widget writes one
            self._textarea["value"] = self._textarea["value"].removeprefix("\n")
            self._textarea = None


def parse_forms(html):
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def find_form(html, path_prefix):
    """The first form whose action's path starts with path_prefix, or None."""
    return next((f for f in parse_forms(html) if f.path().startswith(path_prefix)), None)
