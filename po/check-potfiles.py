#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks that po/POTFILES names every source file with translatable text.

Scans src/ for C files that mark strings (_(), N_(), C_(), NC_(), ngettext,
g_dngettext, g_dpgettext2) and for .ui files with translatable="yes", and
data/ for GSettings schemas (their summaries and descriptions are
translatable). Fails naming each such file missing from POTFILES, and each
POTFILES entry that does not exist. Files listed in po/POTFILES.skip are
known to hold marked text that is not for translation.

Usage: check-potfiles.py SOURCE_ROOT
"""

import os
import re
import sys

C_MARK = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2|g_dgettext)\s*\(')
UI_MARK = re.compile(r'translatable\s*=\s*"(yes|true|1)"')
SCHEMA_MARK = re.compile(r'<(summary|description)\b')


def read_list(path):
    entries = []
    if not os.path.exists(path):
        return entries
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                entries.append(line)
    return entries


def strip_c_comments(text):
    # Comments mention _() in prose; only code counts.
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def has_marked_text(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    if path.endswith(('.c', '.h')):
        return C_MARK.search(strip_c_comments(text)) is not None
    if path.endswith('.gschema.xml'):
        return SCHEMA_MARK.search(text) is not None
    if path.endswith(('.ui', '.xml', '.ui.in', '.xml.in')):
        return UI_MARK.search(text) is not None
    return False


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    root = os.path.abspath(sys.argv[1])
    listed = read_list(os.path.join(root, 'po', 'POTFILES'))
    skipped = set(read_list(os.path.join(root, 'po', 'POTFILES.skip')))

    problems = []
    for entry in listed:
        if not os.path.isfile(os.path.join(root, entry)):
            problems.append(f'po/POTFILES names {entry}, which does not exist')
    seen = set()
    for entry in listed:
        if entry in seen:
            problems.append(f'po/POTFILES names {entry} twice')
        seen.add(entry)

    found = []
    for top in ('src', 'data'):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                if top == 'data' and not name.endswith(('.gschema.xml', '.ui')):
                    continue
                if has_marked_text(path):
                    found.append(rel)

    for rel in found:
        if rel not in seen and rel not in skipped:
            problems.append(f'{rel} has translatable strings but is not in po/POTFILES')

    if problems:
        for p in problems:
            print(p)
        return 1
    print(f'po/POTFILES lists all {len(found)} files with translatable strings')
    return 0


if __name__ == '__main__':
    sys.exit(main())
