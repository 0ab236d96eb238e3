#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Installs a build for prefix /app into a staging folder and starts it.

This is what flatpak-builder does with the application module, short of
the runtime: configure with prefix /app (release options, no tests), run
`meson install --destdir`, compile the installed schemas, check that every
installed file is where the desktop expects it, and start the installed
application under the display with XDG_DATA_DIRS and GSETTINGS_SCHEMA_DIR
pointing into the staged /app/share. CHATROUTES_EXIT_AFTER_FIRST_FRAME=1
makes it quit once its first window has painted.

The build folder is kept between runs, so only the first run compiles
everything. Exits 77 (skipped) without a display.

Usage: test-install.py SOURCE_ROOT WORK_DIR APP_ID PROFILE
"""

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

SCHEMA_ID = 'com.chatroutes.Desktop'
PREFIX = '/app'
READY_LINE = 'chatroutes: first frame shown'
JOBS = os.environ.get('CHATROUTES_INSTALL_TEST_JOBS', '2')

failures = []


def fail(message):
    print(f'FAIL: {message}')
    failures.append(message)


def run(args, **kwargs):
    print('$ ' + ' '.join(args), flush=True)
    return subprocess.run(args, check=True, **kwargs)


def build_and_stage(source_root, work_dir, profile):
    build_dir = os.path.join(work_dir, 'build')
    stage = os.path.join(work_dir, 'stage')
    options = [
        f'--prefix={PREFIX}',
        '--buildtype=release',
        f'-Dprofile={profile}',
        '-Dtests=false',
        '-Dbenchmarks=false',
    ]
    if os.path.isfile(os.path.join(build_dir, 'build.ninja')):
        run(['meson', 'setup', '--reconfigure', *options, build_dir, source_root],
            stdout=subprocess.DEVNULL)
    else:
        run(['meson', 'setup', *options, build_dir, source_root], stdout=subprocess.DEVNULL)
    run(['meson', 'compile', '-C', build_dir, '-j', JOBS], stdout=subprocess.DEVNULL)
    shutil.rmtree(stage, ignore_errors=True)
    run(['meson', 'install', '-C', build_dir, '--no-rebuild', '--quiet', '--destdir', stage])
    return stage


def read_key_file(path, group):
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(path, encoding='utf-8')
    return parser[group] if parser.has_section(group) else {}


def check_tree(stage, app_id):
    app = os.path.join(stage, PREFIX.lstrip('/'))
    share = os.path.join(app, 'share')

    outside = sorted(set(os.listdir(stage)) - {PREFIX.lstrip('/')})
    if outside:
        fail(f'installed outside {PREFIX}: {", ".join(outside)}')

    expected = {
        'the application': 'bin/chatroutes',
        'the command-line client': 'bin/chatroutes-cli',
        'the desktop file': f'share/applications/{app_id}.desktop',
        'the D-Bus service file': f'share/dbus-1/services/{app_id}.service',
        'the metainfo': f'share/metainfo/{app_id}.metainfo.xml',
        'the icon': f'share/icons/hicolor/scalable/apps/{app_id}.svg',
        'the symbolic icon': f'share/icons/hicolor/symbolic/apps/{app_id}-symbolic.svg',
        'the settings schema': f'share/glib-2.0/schemas/{SCHEMA_ID}.gschema.xml',
        'the model list': 'share/chatroutes/models.json',
    }
    for what, relative in expected.items():
        if not os.path.isfile(os.path.join(app, relative)):
            fail(f'{what} is not installed ({PREFIX}/{relative})')
    for program in ('chatroutes', 'chatroutes-cli'):
        path = os.path.join(app, 'bin', program)
        if os.path.isfile(path) and not os.access(path, os.X_OK):
            fail(f'{PREFIX}/bin/{program} is not executable')
    if os.path.exists(os.path.join(app, 'bin', 'chatroutes-simulator')):
        fail('the test simulator is installed')

    desktop = os.path.join(share, 'applications', f'{app_id}.desktop')
    if os.path.isfile(desktop):
        entry = read_key_file(desktop, 'Desktop Entry')
        for key, want in (('Icon', app_id), ('DBusActivatable', 'true'), ('Exec', 'chatroutes')):
            if entry.get(key) != want:
                fail(f'desktop file: {key}={entry.get(key)}, expected {want}')

    service = os.path.join(share, 'dbus-1', 'services', f'{app_id}.service')
    if os.path.isfile(service):
        entry = read_key_file(service, 'D-BUS Service')
        want_exec = f'{PREFIX}/bin/chatroutes --gapplication-service'
        if entry.get('Name') != app_id:
            fail(f'service file: Name={entry.get("Name")}, expected {app_id}')
        if entry.get('Exec') != want_exec:
            fail(f'service file: Exec={entry.get("Exec")}, expected {want_exec}')

    metainfo = os.path.join(share, 'metainfo', f'{app_id}.metainfo.xml')
    if os.path.isfile(metainfo):
        root = ET.parse(metainfo).getroot()
        if root.findtext('id') != app_id:
            fail(f'metainfo: id {root.findtext("id")}, expected {app_id}')
        if root.findtext('launchable') != f'{app_id}.desktop':
            fail(f'metainfo: launchable {root.findtext("launchable")}, expected {app_id}.desktop')

    # The UI files and the fallback icon are compiled into the program.
    program = os.path.join(app, 'bin', 'chatroutes')
    gresource = shutil.which('gresource')
    if gresource and os.path.isfile(program):
        listed = subprocess.run([gresource, 'list', program], capture_output=True, text=True)
        for resource in ('/com/chatroutes/Desktop/chatroutes-window.ui',
                         '/com/chatroutes/Desktop/icons/scalable/apps/chatroutes-symbolic.svg'):
            if resource not in listed.stdout.split():
                fail(f'{resource} is not among the resources of {PREFIX}/bin/chatroutes')

    desktop_file_validate = shutil.which('desktop-file-validate')
    if desktop_file_validate and os.path.isfile(desktop):
        if subprocess.run([desktop_file_validate, desktop]).returncode != 0:
            fail('the installed desktop file does not validate')


def compile_schemas(stage):
    """What the post-install script does when there is no DESTDIR."""
    schemas = os.path.join(stage, PREFIX.lstrip('/'), 'share', 'glib-2.0', 'schemas')
    if not os.path.isdir(schemas):
        return None
    run(['glib-compile-schemas', '--strict', schemas])
    if not os.path.isfile(os.path.join(schemas, 'gschemas.compiled')):
        fail('glib-compile-schemas wrote no gschemas.compiled')
    return schemas


def staged_env(stage, schemas):
    share = os.path.join(stage, PREFIX.lstrip('/'), 'share')
    env = dict(os.environ)
    data_dirs = env.get('XDG_DATA_DIRS') or '/usr/local/share:/usr/share'
    env['XDG_DATA_DIRS'] = share + os.pathsep + data_dirs
    env['GSETTINGS_SCHEMA_DIR'] = schemas
    env['GSETTINGS_BACKEND'] = 'memory'
    env['GTK_A11Y'] = 'none'
    env['NO_AT_BRIDGE'] = '1'
    env['G_DEBUG'] = 'fatal-criticals'
    # Never the real service: nothing listens on port 9.
    env['CHATROUTES_BASE_URL'] = 'http://127.0.0.1:9/api/v1'
    env.pop('CHATROUTES_API_KEY', None)
    env.pop('GSETTINGS_SCHEMA_DIR_OVERRIDE', None)
    return env


def check_icon_lookup(env, app_id):
    """The icon theme finds the installed icons through XDG_DATA_DIRS."""
    probe = (
        'import sys, gi\n'
        'gi.require_version("Gtk", "4.0")\n'
        'from gi.repository import Gdk, Gtk\n'
        'Gtk.init()\n'
        'theme = Gtk.IconTheme.get_for_display(Gdk.Display.get_default())\n'
        'for name in sys.argv[1:]:\n'
        '    print(name, theme.has_icon(name))\n'
    )
    names = [app_id, app_id + '-symbolic']
    try:
        result = subprocess.run([sys.executable, '-c', probe, *names], env=env,
                                capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        fail('the icon theme lookup did not finish')
        return
    if result.returncode != 0:
        print(f'icon theme lookup skipped (no GTK bindings for Python?):\n{result.stderr.strip()}')
        return
    for line in result.stdout.splitlines():
        name, found = line.rsplit(' ', 1)
        print(f'icon {name}: {"found" if found == "True" else "NOT found"}')
        if found != 'True':
            fail(f'the icon theme does not find {name} in the staged tree')


def start_app(stage, env):
    program = os.path.join(stage, PREFIX.lstrip('/'), 'bin', 'chatroutes')
    env = dict(env, CHATROUTES_EXIT_AFTER_FIRST_FRAME='1')
    print(f'$ {program}', flush=True)
    try:
        result = subprocess.run([program], env=env, capture_output=True, text=True, timeout=90)
    except subprocess.TimeoutExpired as e:
        fail('the installed application did not show a window and quit within 90 s')
        print(e.stdout or '', e.stderr or '', sep='\n')
        return
    print(result.stdout, end='')
    print(result.stderr, end='', file=sys.stderr)
    if result.returncode != 0:
        fail(f'the installed application exited with status {result.returncode}')
    if READY_LINE not in result.stdout.splitlines():
        fail('the installed application never painted its first window '
             '(or another instance with the same id answered instead)')
    for line in result.stderr.splitlines():
        if '-CRITICAL **' in line or '-WARNING **' in line:
            fail(f'the installed application warned: {line.strip()}')


def main():
    if len(sys.argv) != 5:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    source_root, work_dir, app_id, profile = sys.argv[1:]

    if not os.environ.get('DISPLAY') and not os.environ.get('WAYLAND_DISPLAY'):
        print('no display; run under build-aux/dev session')
        return 77

    os.makedirs(work_dir, exist_ok=True)
    try:
        stage = build_and_stage(source_root, work_dir, profile)
    except subprocess.CalledProcessError as e:
        print(f'FAIL: {" ".join(e.cmd)} exited with status {e.returncode}')
        return 1

    check_tree(stage, app_id)
    schemas = compile_schemas(stage)
    if schemas is not None and not failures:
        env = staged_env(stage, schemas)
        check_icon_lookup(env, app_id)
        start_app(stage, env)

    if failures:
        print(f'{len(failures)} problem(s)')
        return 1
    print('installed tree complete; the installed application started')
    return 0


if __name__ == '__main__':
    sys.exit(main())
