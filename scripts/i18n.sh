#!/usr/bin/env bash
# Regenerate i18n/key_account_management.pot and i18n/zh_CN.po with Odoo's own
# `i18n export`, in a throwaway database (existing Chinese translations are
# kept; new terms come out empty, to be translated).
source "$(dirname "$0")/common.sh"

prepare
db="kam_i18n_$(date +%s)_$$"
logdir="$PROJECT_DIR/.tmp"; mkdir -p "$logdir"
conf="$logdir/i18n.conf"
cleanup() { dropdb -U "$DB_USER" --if-exists "$db" >/dev/null 2>&1 || true; rm -f "$conf"; rm -rf "$HOME/.local/share/Odoo/filestore/$db"; }
trap cleanup EXIT

info "installing $MODULE with zh_CN in $db (log: $logdir/i18n.log)"
odoo_bin -d "$db" -i "$MODULE" --load-language=zh_CN --stop-after-init --no-http \
    > "$logdir/i18n.log" 2>&1 || die "install failed; see $logdir/i18n.log"
{
    echo "[options]"
    odoo_args | sed -e 's/^--addons-path=/addons_path = /' -e 's/^--db_user=/db_user = /' \
        -e 's/^--db_host=/db_host = /'
} > "$conf"
"$PY" "$ODOO_SRC/odoo-bin" i18n export -c "$conf" -d "$db" -l pot -- "$MODULE" \
    >> "$logdir/i18n.log" 2>&1 || die "export of the template failed; see $logdir/i18n.log"
# Odoo reads the code terms' translations from the module's zh_CN.po while it
# writes the export: write elsewhere, then move it into place.
"$PY" "$ODOO_SRC/odoo-bin" i18n export -c "$conf" -d "$db" -l zh_CN -o "$logdir/zh_CN.po" -- "$MODULE" \
    >> "$logdir/i18n.log" 2>&1 || die "export of zh_CN failed; see $logdir/i18n.log"
# header on the msgstr line itself, so no entry reads as an empty translation
sed -e '0,/^msgstr ""$/{/^msgstr ""$/{N;s/^msgstr ""\n"/msgstr "/}}' "$logdir/zh_CN.po" \
    > "$PROJECT_DIR/i18n/zh_CN.po"
rm -f "$logdir/zh_CN.po"
"$PY" - "$PROJECT_DIR/i18n/zh_CN.po" <<'PY'
import sys, polib
po = polib.pofile(sys.argv[1])
missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
print(f"i18n/zh_CN.po: {len(po)} terms, {len(missing)} untranslated")
for msgid in missing[:20]:
    print("  untranslated:", msgid[:100].replace("\n", " "))
PY
