import io
import math
from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# at most this many bad rows are listed in one error
MAX_REPORTED = 100

# kind -> (model, [(column, parser, required)]); the columns of the template
# and of the JSON-2 rows, in their order
KINDS = {
    'line': ('kam.billing.line', [
        ('customer_ref', 'ref', True), ('month', 'month', True), ('service_code', 'service', True),
        ('revenue', 'amount', True), ('cost', 'amount', False), ('lines', 'int', False),
        ('minutes', 'int', False), ('data_gb', 'amount', False), ('pay_type', 'pay_type', False),
        ('bundled', 'bool', False),
    ]),
    'arrears': ('kam.billing.arrears', [
        ('customer_ref', 'ref', True), ('month', 'month', True), ('billed', 'amount', True),
        ('paid', 'amount', False), ('overdue_amount', 'amount', False),
        ('days_overdue', 'int', False),
    ]),
}
# the table's columns, in the order of the staged rows (after partner, month)
STAGE_COLUMNS = {
    'line': [('service_id', 'int4'), ('revenue', 'numeric'), ('cost', 'numeric'),
             ('line_count', 'int4'), ('minutes', 'int4'), ('data_gb', 'numeric'),
             ('pay_type', 'varchar'), ('bundled', 'bool')],
    'arrears': [('billed', 'numeric'), ('paid', 'numeric'), ('overdue_amount', 'numeric'),
                ('days_overdue', 'int4')],
}
# the key of a row after (partner, month)
KEY_COLUMNS = {'line': ('service_id',), 'arrears': ()}
PAY_TYPE_VALUES = {'group': 'group', '集团统付': 'group', 'member': 'member', '个人付费': 'member'}
TRUE_VALUES = {'1', 'true', 'yes', 'y', 'x', '是'}
FALSE_VALUES = {'', '0', 'false', 'no', 'n', '否'}


class KamBillingLoader(models.AbstractModel):
    """Loads billing lines and arrears from the billing system, for the
    monthly file (kam.billing.import.wizard) and JSON-2 alike: every row is
    checked first and a single bad row loads nothing, with each bad row's
    line (or row) number and reason in the caller's language. Good rows
    are then written set-based: copied into a temporary table and upserted
    by (customer, month, service) in one statement, an unchanged row left
    untouched (no write date), so that the same month loaded twice changes
    nothing. A customer's month in the file is its whole month: its
    service lines that the file no longer has are deleted, so a corrected
    file replaces its rows.

    Only users who may create, change and delete the lines (the Billing
    Integration group) load them."""
    _name = 'kam.billing.loader'
    _description = "Billing Loader"

    # ------------------------------------------------------------
    # Entry point
    # ------------------------------------------------------------

    @api.model
    def _kam_load(self, kind, rows, numbering='row', first_number=1, progress=None):
        """Check and write ``rows`` (dicts keyed by the template's columns)
        of ``kind`` ('line' or 'arrears'). ``numbering`` names the rows in
        errors: 'row' (JSON-2, from 1) or 'line' (file lines, the first row
        being ``first_number``). Returns the counts of created, updated,
        unchanged and deleted rows."""
        model_name, columns = KINDS[kind]
        Model = self.env[model_name]
        for operation in ('create', 'write', 'unlink'):
            Model.check_access(operation)
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ValidationError(self.env._("Give the rows as a list of objects (column: value)."))
        staged, errors = self._kam_check(kind, columns, rows, first_number, numbering)
        if errors:
            raise ValidationError(self._kam_error_report(errors, numbering, len(rows)))
        if progress:
            progress(50)
        return self._kam_write(kind, staged)

    # ------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------

    def _kam_check(self, kind, columns, rows, first_number, numbering='row'):
        """``(staged rows, errors)``: the rows as tuples (partner id, month,
        then STAGE_COLUMNS), and ``[(number, reason)]`` for the bad ones."""
        env = self.env
        names = {name for name, _parser, _required in columns}
        this_month = fields.Date.context_today(self).replace(day=1)
        parsers = [(name, getattr(self, f'_kam_parse_{parser}'), required)
                   for name, parser, required in columns]
        months = {}  # a file holds few months: each is parsed once
        errors, parsed = [], []
        for number, row in enumerate(rows, start=first_number):
            unknown = sorted(set(row) - names)
            if unknown:
                errors.append((number, env._("unknown column “%s”.", unknown[0])))
                continue
            values, problem = {}, None
            for name, parser, required in parsers:
                raw = row.get(name)
                if _blank(raw):
                    if required:
                        problem = env._("%s is missing.", name)
                        break
                    raw = None
                if name == 'month':
                    key = raw if isinstance(raw, str) else repr(raw)
                    if key not in months:
                        months[key] = parser(name, raw, this_month)
                    value, problem = months[key]
                else:
                    value, problem = parser(name, raw, this_month)
                if problem:
                    break
                values[name] = value
            if problem:
                errors.append((number, problem))
            else:
                parsed.append((number, values))
        partners = self._kam_partners({values['customer_ref'] for _n, values in parsed})
        services = self._kam_services() if kind == 'line' else {}
        staged, seen = [], {}
        for number, values in parsed:
            partner = partners.get(values['customer_ref'])
            if partner is None:
                errors.append((number, env._(
                    "unknown customer reference “%s”: no key account or customer has this "
                    "external reference.", values['customer_ref'])))
                continue
            service_id = None
            if kind == 'line':
                service_id = services.get(values['service_code'])
                if service_id is None:
                    errors.append((number, env._(
                        "unknown service “%s”: no active billing service line has this code.",
                        values['service_code'])))
                    continue
            key = (partner, values['month'], service_id)
            if key in seen:
                errors.append((number, env._(
                    "the same customer, month and service as line %s.", seen[key])
                    if numbering == 'line' else env._(
                    "the same customer, month and service as row %s.", seen[key])))
                continue
            seen[key] = number
            staged.append(self._kam_stage_row(kind, partner, service_id, values))
        errors.sort()
        return staged, errors

    def _kam_stage_row(self, kind, partner_id, service_id, values):
        if kind == 'line':
            return (partner_id, values['month'], service_id, values['revenue'],
                    values['cost'] or 0, values['lines'] or 0, values['minutes'] or 0,
                    values['data_gb'] or 0, values['pay_type'] or 'group', bool(values['bundled']))
        return (partner_id, values['month'], values['billed'], values['paid'] or 0,
                values['overdue_amount'] or 0, values['days_overdue'] or 0)

    def _kam_error_report(self, errors, numbering, total):
        env = self.env
        lines = [env._("Nothing was loaded: %(bad)s of %(total)s rows have errors.",
                       bad=len({number for number, _reason in errors}), total=total)]
        lines += [env._("Line %(number)s: %(reason)s", number=number, reason=reason)
                  if numbering == 'line' else
                  env._("Row %(number)s: %(reason)s", number=number, reason=reason)
                  for number, reason in errors[:MAX_REPORTED]]
        if len(errors) > MAX_REPORTED:
            lines.append(env._("… and %s more.", len(errors) - MAX_REPORTED))
        return "\n".join(lines)

    def _kam_partners(self, refs):
        """``{reference: partner id}`` of the customers of the current
        company (or of no company) with these external references; the
        company's own one first."""
        if not refs:
            return {}
        self.env['res.partner'].flush_model(['kam_external_ref', 'company_id'])
        rows = self.env.execute_query(SQL(
            """SELECT kam_external_ref, id FROM res_partner
                WHERE kam_external_ref = ANY(%s) AND (company_id = %s OR company_id IS NULL)
                ORDER BY company_id NULLS FIRST""",
            list(refs), self.env.company.id))
        return dict(rows)  # the company's own row comes last and wins

    def _kam_services(self):
        Service = self.env['kam.billing.service'].sudo()
        return {service.code: service.id for service in Service.search([])}

    # ------------------------------------------------------------
    # Parsers: (value, problem)
    # ------------------------------------------------------------

    def _kam_parse_ref(self, name, raw, this_month):
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        return str(raw).strip(), None

    _kam_parse_service = _kam_parse_ref

    def _kam_parse_month(self, name, raw, this_month):
        month = None
        if isinstance(raw, datetime):
            month = raw.date().replace(day=1)
        elif isinstance(raw, date):
            month = raw.replace(day=1)
        elif isinstance(raw, str):
            text = raw.strip().replace('/', '-').replace('.', '-')
            if len(text) == 6 and text.isdigit():
                text = f"{text[:4]}-{text[4:]}"
            try:
                parts = [int(part) for part in text.split('-')[:3]]
                month = date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1).replace(day=1)
            except (ValueError, IndexError):
                month = None
        if month is None:
            return None, self.env._("the month “%s” is not a month (YYYY-MM).", raw)
        if month > this_month:
            return None, self.env._("the month %s is in the future.", month.strftime('%Y-%m'))
        return month, None

    def _kam_number(self, name, raw):
        if raw is None:
            return None, None
        if isinstance(raw, bool):
            value = None
        elif isinstance(raw, (int, float)):
            value = float(raw)
        else:
            try:
                value = float(str(raw).strip().replace(',', ''))
            except ValueError:
                value = None
        if value is None or not math.isfinite(value):
            return None, self.env._("%(column)s “%(value)s” is not a number.", column=name,
                                    value=raw)
        if value < 0:
            return None, self.env._("%(column)s cannot be negative (%(value)s).", column=name,
                                    value=raw)
        return value, None

    def _kam_parse_amount(self, name, raw, this_month):
        value, problem = self._kam_number(name, raw)
        return (round(value, 2) if value is not None else None), problem

    def _kam_parse_int(self, name, raw, this_month):
        value, problem = self._kam_number(name, raw)
        if value is not None and not value.is_integer():
            return None, self.env._("%(column)s “%(value)s” is not a whole number.", column=name,
                                    value=raw)
        return (int(value) if value is not None else None), problem

    def _kam_parse_pay_type(self, name, raw, this_month):
        if raw is None:
            return None, None
        value = PAY_TYPE_VALUES.get(str(raw).strip().lower())
        if not value:
            return None, self.env._(
                "pay_type “%s” is neither group (集团统付) nor member (个人付费).", raw)
        return value, None

    def _kam_parse_bool(self, name, raw, this_month):
        if raw is None or isinstance(raw, bool):
            return bool(raw), None
        text = str(raw).strip().lower()
        if text.endswith('.0'):
            text = text[:-2]
        if text in TRUE_VALUES or text in FALSE_VALUES:
            return text in TRUE_VALUES, None
        return None, self.env._("%(column)s “%(value)s” is neither 1 (yes) nor 0 (no).",
                                column=name, value=raw)

    # ------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------

    def _kam_write(self, kind, staged):
        """Upsert the checked rows in a few statements whatever their number."""
        model_name = KINDS[kind][0]
        Model = self.env[model_name]
        self.env.flush_all()
        counts = {'created': 0, 'updated': 0, 'unchanged': 0, 'deleted': 0}
        if not staged:
            return counts
        accounts = self._kam_serving_accounts({row[0] for row in staged})
        cr = self.env.cr
        value_columns = STAGE_COLUMNS[kind]
        cr.execute(SQL(
            "CREATE TEMP TABLE kam_billing_stage (partner_id int4, month date, %s, "
            "kam_account_id int4, kam_account_manager_id int4, kam_account_region_id int4) "
            "ON COMMIT DROP",
            SQL(", ").join(SQL("%s %s", SQL.identifier(name), SQL(kind_type))
                           for name, kind_type in value_columns)))
        buffer = io.StringIO()
        for row in staged:
            account = accounts.get(row[0], (None, None, None))
            buffer.write("\t".join(_copy_value(value) for value in (*row, *account)))
            buffer.write("\n")
        buffer.seek(0)
        cr.copy_expert("COPY kam_billing_stage FROM STDIN", buffer)
        key = SQL(", ").join(SQL.identifier(name) for name in
                             ('partner_id', 'month', *KEY_COLUMNS[kind]))
        cr.execute(SQL("CREATE INDEX ON kam_billing_stage (%s)", key))
        cr.execute("ANALYZE kam_billing_stage")
        table = SQL.identifier(Model._table)
        names = [name for name, _type in value_columns if name not in KEY_COLUMNS[kind]]
        all_names = ['partner_id', 'month', *[name for name, _type in value_columns],
                     'kam_account_id', 'kam_account_manager_id', 'kam_account_region_id']
        now = cr.now()
        created, updated = self.env.execute_query(SQL(
            """WITH upserted AS (
                   INSERT INTO %(table)s AS target (%(columns)s, company_id,
                                                   create_uid, create_date, write_uid, write_date)
                   SELECT %(columns)s, %(company)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM kam_billing_stage
                   ON CONFLICT (%(key)s) DO UPDATE SET %(sets)s, company_id = EXCLUDED.company_id,
                       write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                   WHERE (%(old)s, target.company_id) IS DISTINCT FROM (%(new)s, EXCLUDED.company_id)
                   RETURNING (xmax = 0) AS created)
               SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created)
                 FROM upserted""",
            table=table, key=key, company=self.env.company.id, uid=self.env.uid, now=now,
            columns=SQL(", ").join(SQL.identifier(name) for name in all_names),
            sets=SQL(", ").join(SQL("%s = EXCLUDED.%s", SQL.identifier(name),
                                    SQL.identifier(name)) for name in names),
            old=SQL(", ").join(SQL("target.%s", SQL.identifier(name)) for name in names),
            new=SQL(", ").join(SQL("EXCLUDED.%s", SQL.identifier(name)) for name in names),
        ))[0]
        deleted = 0
        if kind == 'line':
            # the customer's month in the file is its whole month
            deleted = len(self.env.execute_query(SQL(
                """DELETE FROM %(table)s AS target
                    USING (SELECT DISTINCT partner_id, month FROM kam_billing_stage) AS loaded
                    WHERE target.partner_id = loaded.partner_id AND target.month = loaded.month
                      AND NOT EXISTS (SELECT 1 FROM kam_billing_stage AS stage
                                       WHERE stage.partner_id = target.partner_id
                                         AND stage.month = target.month
                                         AND stage.service_id = target.service_id)
                RETURNING target.id""", table=table)))
        cr.execute("DROP TABLE kam_billing_stage")
        Model.invalidate_model()
        # the accounts' billing figures read before the load (an account
        # graded when it was made) are stale now
        Partner = self.env['res.partner']
        Partner.invalidate_model([name for name in Partner._fields if name.startswith('kam_billing_')])
        counts.update(created=created, updated=updated, deleted=deleted,
                      unchanged=len(staged) - created - updated)
        if kind == 'arrears':
            self.env['res.partner'].sudo()._kam_arrears_refresh(list(accounts))
        return counts

    def _kam_serving_accounts(self, partner_ids):
        """``{partner id: (account id, manager id, region id)}``: the
        record-rule columns of kam.account.rule.mixin, as the ORM computes
        them, for each customer of the load."""
        result = {}
        for partner in self.env['res.partner'].sudo().browse(list(partner_ids)):
            account = partner._kam_serving_account()
            result[partner.id] = (account.id or None, account.kam_manager_id.id or None,
                                  account.kam_region_id.id or None)
        return result


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _copy_value(value):
    """``value`` as a field of PostgreSQL's COPY text format (the staged
    values are ids, numbers, dates, booleans and the pay type's keys: no
    text to escape)."""
    if value is None:
        return r'\N'
    if value is True or value is False:
        return 't' if value else 'f'
    return str(value)
