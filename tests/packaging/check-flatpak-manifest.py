#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the Flatpak manifest without building it.

The Flatpak runtime cannot be fetched everywhere the tests run, so this
proves what can be proved from the file itself: the application id, the
runtime and SDK, the command, a sandbox that is exactly the minimal one,
every module other than the application pinned to a tag and a commit, and
the application built with the options of a release build.

It then checks a few broken copies of the manifest, each of which must be
refused, so that a check that passes everything cannot go unnoticed.

Usage: check-flatpak-manifest.py MANIFEST APP_ID
"""

import copy
import json
import os
import re
import sys

RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
RUNTIME_VERSION = '49'
COMMAND = 'chatroutes'
APP_MODULE = 'chatroutes'
# What the GNOME runtime lacks and the application needs.
DEPENDENCY_MODULES = ['md4c']

# Network, Wayland with X11 only as a fallback, the GPU. No file system:
# the app opens no files. No org.freedesktop.secrets: the API key goes
# through the Secret portal.
FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}

# Why a permission that is not in the minimal set is wrong, for the message.
FORBIDDEN = [
    (re.compile(r'^--filesystem(=|$)'), 'no file system access: the app opens no files'),
    (re.compile(r'^--socket=x11$'), 'X11 only as a fallback (--socket=fallback-x11)'),
    (re.compile(r'^--talk-name=org\.freedesktop\.secrets$'),
     'the key goes through the Secret portal, not the Secret Service'),
    (re.compile(r'^--socket=session-bus$'), 'no whole session bus'),
    (re.compile(r'^--socket=system-bus$'), 'no system bus'),
    (re.compile(r'^--device=all$'), 'only the GPU (--device=dri)'),
    (re.compile(r'^--(talk|own|system-talk|system-own)-name='), 'no extra bus names'),
    (re.compile(r'^--persist='), 'no persistent home folders'),
]

# What a release build passes to meson; see meson_options.txt.
RELEASE_OPTS = [
    '--buildtype=release',
    '-Dprofile=default',
    '-Dtests=false',
    '-Dbenchmarks=false',
]

COMMIT = re.compile(r'^[0-9a-f]{40}$')


def load_modules(modules, base_dir, problems):
    """Modules in order, with those given as file names read in."""
    result = []
    for module in modules:
        if isinstance(module, str):
            path = os.path.join(base_dir, module)
            try:
                with open(path, encoding='utf-8') as f:
                    module = json.load(f)
            except (OSError, ValueError) as e:
                problems.append(f'module file {path}: {e}')
                continue
        result.append(module)
    return result


def check_pinned(module, base_dir, problems):
    name = module.get('name', '?')
    sources = module.get('sources', [])
    git_sources = 0
    for source in sources:
        if isinstance(source, str):
            continue  # a file of further sources, resolved by flatpak-builder
        kind = source.get('type')
        if kind == 'git':
            git_sources += 1
            if not source.get('tag'):
                problems.append(f'module {name}: git source without a tag')
            commit = source.get('commit', '')
            if not COMMIT.match(commit):
                problems.append(f'module {name}: git source without a 40-hex commit ({commit!r})')
            if source.get('branch'):
                problems.append(f'module {name}: git source follows a branch')
        elif kind in ('archive', 'file') and 'url' in source:
            problems.append(f'module {name}: {kind} source from a URL; pin it as a git tag and commit')
        elif kind == 'dir':
            problems.append(f'module {name}: a dir source is not pinned')
    if git_sources == 0:
        problems.append(f'module {name}: no git source pinned by tag and commit')
    for sub in load_modules(module.get('modules', []), base_dir, problems):
        check_pinned(sub, base_dir, problems)


def check(manifest, base_dir, app_id):
    """Returns the list of problems; empty when the manifest is right."""
    problems = []

    got_id = manifest.get('id', manifest.get('app-id'))
    if got_id != app_id:
        problems.append(f'id is {got_id!r}, expected {app_id!r}')
    for key, want in (('runtime', RUNTIME), ('sdk', SDK),
                      ('runtime-version', RUNTIME_VERSION), ('command', COMMAND)):
        if manifest.get(key) != want:
            problems.append(f'{key} is {manifest.get(key)!r}, expected {want!r}')

    finish_args = manifest.get('finish-args', [])
    if len(finish_args) != len(set(finish_args)):
        problems.append('finish-args repeat an entry')
    for arg in finish_args:
        if arg in FINISH_ARGS:
            continue
        reason = next((why for pattern, why in FORBIDDEN if pattern.search(arg)),
                      'not part of the minimal sandbox')
        problems.append(f'finish-args: {arg}: {reason}')
    for arg in sorted(FINISH_ARGS - set(finish_args)):
        problems.append(f'finish-args: {arg} is missing')

    modules = load_modules(manifest.get('modules', []), base_dir, problems)
    if not modules:
        problems.append('no modules')
        return problems

    app = modules[-1]
    if app.get('name') != APP_MODULE:
        problems.append(f'the last module is {app.get("name")!r}, expected the application, {APP_MODULE!r}')
    for module in modules[:-1]:
        check_pinned(module, base_dir, problems)
    names = {module.get('name') for module in modules[:-1]}
    for name in DEPENDENCY_MODULES:
        if name not in names:
            problems.append(f'no module for {name}, which the runtime lacks')

    if app.get('buildsystem') != 'meson':
        problems.append(f'the application module builds with {app.get("buildsystem")!r}, expected meson')
    opts = app.get('config-opts', [])
    for opt in RELEASE_OPTS:
        if opt not in opts:
            problems.append(f'the application module lacks the release option {opt}')
    for opt in opts:
        if opt.startswith('-Dprofile=') and opt != '-Dprofile=default':
            problems.append(f'the application module is built with {opt}')
    app_sources = [s for s in app.get('sources', []) if isinstance(s, dict)]
    if not app_sources:
        problems.append('the application module has no source')
    for source in app_sources:
        if source.get('type') == 'dir':
            path = os.path.normpath(os.path.join(base_dir, source.get('path', '')))
            if not os.path.isfile(os.path.join(path, 'meson.build')):
                problems.append(f'the application source {path} holds no meson.build')
        elif source.get('type') != 'git':
            problems.append(f'the application source is of type {source.get("type")!r}, expected dir or git')

    return problems


def broken_copies(manifest):
    """(what is wrong, manifest) pairs the check must refuse."""
    def edit(what, change):
        broken = copy.deepcopy(manifest)
        change(broken)
        return what, broken

    def modules(m):
        return [x for x in m['modules'] if isinstance(x, dict)]

    yield edit('home folder access', lambda m: m['finish-args'].append('--filesystem=home'))
    yield edit('X11 without fallback', lambda m: m['finish-args'].__setitem__(
        m['finish-args'].index('--socket=fallback-x11'), '--socket=x11'))
    yield edit('the Secret Service', lambda m: m['finish-args'].append('--talk-name=org.freedesktop.secrets'))
    yield edit('no network', lambda m: m['finish-args'].remove('--share=network'))
    yield edit('another runtime version', lambda m: m.__setitem__('runtime-version', '47'))
    yield edit('the CLI as command', lambda m: m.__setitem__('command', 'chatroutes-cli'))
    yield edit('the development id', lambda m: m.__setitem__('id', m['id'] + '.Devel'))
    yield edit('no md4c', lambda m: m.__setitem__('modules', modules(m)[-1:]))
    if len(modules(manifest)) > 1:
        yield edit('a dependency without its commit',
                   lambda m: modules(m)[0]['sources'][0].pop('commit', None))
        yield edit('a dependency without its tag',
                   lambda m: modules(m)[0]['sources'][0].pop('tag', None))
        yield edit('a dependency on a short commit',
                   lambda m: modules(m)[0]['sources'][0].__setitem__('commit', '729e6b8'))
    yield edit('a debug build', lambda m: modules(m)[-1]['config-opts'].remove('--buildtype=release'))
    yield edit('the development profile', lambda m: modules(m)[-1]['config-opts'].__setitem__(
        modules(m)[-1]['config-opts'].index('-Dprofile=default'), '-Dprofile=development'))


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    path, app_id = sys.argv[1], sys.argv[2]
    base_dir = os.path.dirname(os.path.abspath(path))
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)

    failed = False
    problems = check(manifest, base_dir, app_id)
    for problem in problems:
        print(f'{path}: {problem}')
        failed = True
    if not problems:
        print(f'{path}: ok')

    # Only meaningful once the real manifest passes.
    if not failed:
        for what, broken in broken_copies(manifest):
            found = check(broken, base_dir, app_id)
            if found:
                print(f'refused, as it should be: {what} ({found[0]})')
            else:
                print(f'NOT refused: {what}')
                failed = True

    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
