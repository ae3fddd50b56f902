#!/usr/bin/env bash
# Our Japanese catalogs of the third-party apps (locale/<package>/ja/LC_MESSAGES/django.po):
# after upgrading one of them, run this (`make messages`). It extracts the installed package's
# messages, merges them into our .po (translations kept, new messages left empty for a
# translator, gone ones dropped) and compiles each .po into the .mo Django reads. Needs
# gettext (Debian: apt-get install gettext). tests/test_admin_in_japanese.py fails while any
# message is untranslated or a .mo is older than its .po.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
site="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for dir in locale/*/; do
  dir="${dir%/}"
  package="$(basename "$dir")"
  po="$dir/ja/LC_MESSAGES/django.po"
  if [ "${1:-}" != "--compile-only" ]; then
    cp -r "$site/$package" "$work/$package"
    rm -rf "$work/$package/locale" && mkdir "$work/$package/locale"
    (cd "$work/$package" && env -u DJANGO_SETTINGS_MODULE \
      "$root/.venv/bin/django-admin" makemessages --locale ja \
      --no-location --no-obsolete --ignore "tests/*" >/dev/null)
    msgmerge --quiet --update --no-fuzzy-matching --backup=none --no-location "$po" \
      "$work/$package/locale/ja/LC_MESSAGES/django.po"
  fi
  msgfmt --check --output-file "${po%.po}.mo" "$po"
done
