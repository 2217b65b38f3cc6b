#!/usr/bin/env bash
# Build the addon as a Python wheel the way Odoo users install OCA addons
# (pip and whool, OCA's build backend, from pyproject.toml) and check what
# pip would install: the distribution odoo-addon-key_account_management at
# the manifest's version, the addon's files under odoo/addons/, Odoo 19.0
# and every Python package of the manifest's external_dependencies required,
# and no odoo-addon-* requirement for a module that Odoo itself ships.
#   check_wheel.sh [OUTDIR]  OUTDIR: where the wheel is left (default .tmp/dist)
# The wheel is built from the last commit (a clean clone, as CI builds it): a
# wheel's distribution name comes from the addon's folder name, which must be
# key_account_management, whatever the checkout is called.
# Exits 0 when the wheel was built and its metadata is right, 1 otherwise.
source "$(dirname "$0")/common.sh"

prepare
outdir="${1:-$PROJECT_DIR/.tmp/dist}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$outdir"
rm -f "$outdir"/odoo_addon_"$MODULE"-*.whl
git clone -q "$PROJECT_DIR" "$work/$MODULE" || die "could not clone $PROJECT_DIR"
info "building the wheel of $MODULE (pip wheel, whool) into $outdir"
"$PY" -m pip wheel -q --no-deps --wheel-dir "$outdir" "$work/$MODULE" > "$work/build.log" 2>&1 \
    || { cat "$work/build.log"; die "pip wheel failed (whool comes from PyPI: is it reachable?)"; }
wheel="$(ls "$outdir"/odoo_addon_"$MODULE"-*.whl 2>/dev/null | head -n 1)"
[ -n "$wheel" ] || die "no wheel named odoo_addon_$MODULE-*.whl in $outdir"
"$PY" - "$wheel" "$PROJECT_DIR" "$ODOO_SRC/addons" "$MODULE" <<'PY'
import ast, email, os, re, sys, zipfile
wheel, project, odoo_addons, module = sys.argv[1:]
manifest = ast.literal_eval(open(os.path.join(project, '__manifest__.py'), encoding='utf-8').read())
problems = []
with zipfile.ZipFile(wheel) as zf:
    names = set(zf.namelist())
    meta_name = next((n for n in names if n.endswith('.dist-info/METADATA')), None)
    meta = email.message_from_bytes(zf.read(meta_name)) if meta_name else None
if meta is None:
    sys.exit("no METADATA in the wheel")
if meta['Name'] != f'odoo-addon-{module}':
    problems.append(f"distribution name {meta['Name']!r}, expected 'odoo-addon-{module}'")
if not meta['Version'].startswith(manifest['version']):
    problems.append(f"version {meta['Version']} does not start with the manifest's {manifest['version']}")
requires = meta.get_all('Requires-Dist') or []
req_names = {re.split(r'[ =<>!;\[]', r, maxsplit=1)[0].lower().replace('_', '-') for r in requires}
if 'odoo==19.0.*' not in [r.replace(' ', '') for r in requires]:
    problems.append(f"no requirement odoo==19.0.* in {requires}")
for package in manifest.get('external_dependencies', {}).get('python', []):
    if package.lower().replace('_', '-') not in req_names:
        problems.append(f"external dependency {package} not required by the wheel")
for dep in manifest['depends']:
    shipped = os.path.isdir(os.path.join(odoo_addons, dep)) or dep == 'base'
    wanted = f'odoo-addon-{dep}'.replace('_', '-')
    if shipped and wanted in req_names:
        problems.append(f"{dep} ships with Odoo but the wheel requires {wanted}")
    if not shipped and wanted not in req_names:
        problems.append(f"{dep} is no Odoo module and the wheel does not require {wanted}")
prefix = f'odoo/addons/{module}/'
for path in ('__manifest__.py', '__init__.py', 'i18n/zh_CN.po', 'static/description/icon.png',
             'security/ir.model.access.csv'):
    if prefix + path not in names:
        problems.append(f"{prefix + path} missing from the wheel")
stray = sorted(n for n in names if n.startswith(prefix + '.tmp/') or '/__pycache__/' in n)
if stray:
    problems.append(f"build leftovers in the wheel: {stray[:3]}")
for problem in problems:
    print(f"check_wheel: {problem}")
if problems:
    sys.exit(1)
print(f"check_wheel: {os.path.basename(wheel)}: {meta['Name']} {meta['Version']}, "
      f"requires {', '.join(requires)}; {len(names)} files")
PY
