#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the message catalog and the translations.

  check-translations.py pot SOURCE_ROOT OUT_DIR
      Extracts the strings of every file in po/POTFILES with xgettext (the
      keywords of meson's "glib" preset) into OUT_DIR/chatroutes.pot and
      fails when xgettext fails or the catalog is empty.

  check-translations.py po SOURCE_ROOT OUT_DIR
      Extracts as above, then for each language in po/LINGUAS merges its
      .po with that fresh catalog and runs msgfmt --check --statistics on
      the result: fails when a .po is not valid, or when any message (old
      or newly added in the sources) is untranslated or fuzzy.
"""

import os
import re
import subprocess
import sys

PACKAGE = 'chatroutes'

XGETTEXT_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def make_pot(root, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    pot = os.path.join(out_dir, PACKAGE + '.pot')
    if os.path.exists(pot):
        os.unlink(pot)
    r = subprocess.run(['xgettext', '--package-name=' + PACKAGE,
                        '--files-from=' + os.path.join(root, 'po', 'POTFILES'),
                        '--directory=' + root, '--output=' + pot] + XGETTEXT_ARGS,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.stdout.write(r.stderr)
        print(f'xgettext failed with status {r.returncode}')
        return None
    if not os.path.exists(pot):
        print('xgettext wrote no catalog')
        return None
    with open(pot, encoding='utf-8') as f:
        n = sum(1 for line in f if line.startswith('msgid ')) - 1   # the header
    if n <= 0:
        print('the catalog has no messages')
        return None
    print(f'{pot}: {n} messages')
    return pot


def check_po(root, out_dir, pot):
    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        langs = [w for line in f for w in line.split('#', 1)[0].split()]
    if not langs:
        print('po/LINGUAS lists no language')
        return False

    ok = True
    for lang in langs:
        po = os.path.join(root, 'po', lang + '.po')
        if not os.path.exists(po):
            print(f'{lang}: po/{lang}.po is missing')
            ok = False
            continue

        r = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po])
        if r.returncode != 0:
            sys.stdout.write(r.stderr)
            print(f'{lang}: msgfmt --check failed')
            ok = False
            continue

        merged = os.path.join(out_dir, lang + '.po')
        r = run(['msgmerge', '--quiet', '--no-fuzzy-matching', '--output-file=' + merged, po, pot])
        if r.returncode != 0:
            sys.stdout.write(r.stderr)
            print(f'{lang}: msgmerge failed')
            ok = False
            continue

        r = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, merged])
        stats = r.stderr.strip()
        print(f'{lang}: {stats}')
        if r.returncode != 0:
            print(f'{lang}: msgfmt --check failed on the merged catalog')
            ok = False
            continue
        if re.search(r'\bfuzzy\b', stats) or re.search(r'\buntranslated\b', stats):
            print(f'{lang}: not complete; untranslated or fuzzy messages:')
            r = run(['msgattrib', '--only-fuzzy', '--no-obsolete', merged])
            sys.stdout.write(r.stdout)
            r = run(['msgattrib', '--untranslated', '--no-obsolete', merged])
            sys.stdout.write(r.stdout)
            ok = False
    return ok


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ('pot', 'po'):
        print(__doc__, file=sys.stderr)
        return 2
    mode, root, out_dir = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    pot = make_pot(root, out_dir)
    if pot is None:
        return 1
    if mode == 'po' and not check_po(root, out_dir, pot):
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
