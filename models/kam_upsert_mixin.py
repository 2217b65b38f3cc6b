from odoo import api, fields, models
from odoo.exceptions import ValidationError

# How a record is named by the systems that feed the app: its reference
# field, and whether that reference is unique per company (the row's company
# or no company) or across the database.
REFERENCE_FIELDS = {
    'res.partner': ('kam_external_ref', True),
    'kam.contract': ('external_ref', True),
    'kam.member': ('external_ref', True),
    'kam.service.request': ('external_ref', True),
    'kam.service.request.type': ('code', False),
    'kam.industry': ('code', False),
    'kam.tier': ('code', False),
    'product.product': ('default_code', True),
    'res.users': ('login', False),
}
# "partner_id/ref": the many2one given by the reference of its record
REF_SUFFIX = '/ref'


class KamUpsertMixin(models.AbstractModel):
    """Upsert by the integrator's own references: ``kam_upsert(rows)``
    creates the records whose reference is new and updates the others,
    every foreign key given by the reference of its record
    (``"partner_id/ref": "CUST-100231"``) or by its id, in one call and one
    transaction, as the calling user (his access rights and record rules,
    the checks of ``create`` and ``write``). A row equal to its record
    writes nothing, so the same rows sent twice change nothing the second
    time (no tracking, no write date).

    One2many fields of lines (whose lines belong to the record, such as a
    contract's services) take a list of dicts: the lines of a new record,
    and on an existing record its whole new set of lines when they differ
    from the current ones."""
    _name = 'kam.upsert.mixin'
    _description = "Upsert by External Reference"

    @api.model
    def kam_upsert(self, rows):
        """Create or update one record per row (a dict of field values with
        the record's reference) and return, in the order of the rows,
        ``[{"id": 42, "ref": "...", "result": "created" | "updated" |
        "unchanged"}]``. Any error (an unknown reference, a wrong value,
        no right to change a record) names its row and saves nothing."""
        key = REFERENCE_FIELDS[self._name][0]
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ValidationError(self.env._("Give the rows as a list of objects (field: value)."))
        default_company = self.default_get(['company_id']).get('company_id', False) \
            if 'company_id' in self._fields else False
        companies, refs, seen = [], [], set()
        for number, row in enumerate(rows, start=1):
            ref = row.get(key)
            if not isinstance(ref, str) or not ref.strip():
                raise self._kam_row_error(number, self.env._(
                    "give its reference (%s).", key))
            company = row.get('company_id', default_company) or False
            if (company, ref) in seen:
                raise self._kam_row_error(number, self.env._(
                    "the reference “%s” is already in an earlier row.", ref))
            seen.add((company, ref))
            companies.append(company)
            refs.append(ref)
        existing = self._kam_existing(refs, companies)
        resolver = _Resolver(self, rows, companies)
        results, pending = [None] * len(rows), []

        def create_pending():
            created = self.create([vals for _number, vals in pending]) if pending else self
            for (number, vals), record in zip(pending, created):
                results[number - 1] = {'id': record.id, 'ref': vals[key], 'result': 'created'}
                resolver.add(self._name, companies[number - 1], vals[key], record.id)
            pending.clear()

        for number, (row, company, ref) in enumerate(zip(rows, companies, refs), start=1):
            vals = resolver.values(self, row, number, company, before=create_pending)
            record = existing.get(number)
            if record is None:
                pending.append((number, vals))
                continue
            create_pending()  # in the order of the rows
            record = record.with_env(self.env)
            changed = record._kam_changed_values(vals)
            if changed:
                record.write(changed)
            results[number - 1] = {'id': record.id, 'ref': ref,
                                   'result': 'updated' if changed else 'unchanged'}
        create_pending()
        return results

    @api.model
    def _kam_row_error(self, number, problem):
        return ValidationError(self.env._("Row %(row)s: %(problem)s", row=number, problem=problem))

    @api.model
    def _kam_existing(self, refs, companies):
        """``{row number: record}`` of the rows whose reference a record
        already holds, in the row's company or else in no company (archived
        records included: the reference is theirs). They are found whatever
        the caller reads; what he may do with them is checked when they are
        read and written as him."""
        key = REFERENCE_FIELDS[self._name][0]
        by_ref = {}
        for record in self.sudo().with_context(active_test=False).search(
                [(key, 'in', list(set(refs)))]):
            by_ref.setdefault(record[key], {})[record.company_id.id or False] = record
        existing = {}
        for number, (ref, company) in enumerate(zip(refs, companies), start=1):
            found = by_ref.get(ref, {})
            record = found.get(company) or found.get(False)
            if record is not None:
                existing[number] = record
        return existing

    def _kam_normalize(self, vals):
        """``vals`` as ``create`` and ``write`` store them (e.g. a mobile
        number as its digits), to compare them with a record."""
        return vals

    def _kam_changed_values(self, vals):
        """The part of ``vals`` that differs from the record (one2many
        lines compared as a whole)."""
        self.ensure_one()
        changed = {}
        for fname, value in self._kam_normalize(dict(vals)).items():
            field = self._fields[fname]
            if field.type == 'one2many':
                if not self._kam_same_lines(field, value):
                    changed[fname] = [fields.Command.delete(line.id) for line in self[fname]] + value
            elif not _same(self, field, value):
                changed[fname] = value
        return changed

    def _kam_same_lines(self, field, commands):
        lines = self[field.name]
        normalize = getattr(lines, '_kam_normalize', None) or (lambda vals: vals)
        news = [normalize(dict(command[2])) for command in commands]
        return len(lines) == len(news) and all(
            all(_same(line, line._fields[fname], value) for fname, value in new.items())
            for line, new in zip(lines, news))


def _same(record, field, value):
    """Whether ``record`` already holds ``value`` in ``field`` (the value as
    the ORM would store it: ids, rounding, dates)."""
    try:
        new = field.convert_to_record(field.convert_to_cache(value, record), record)
    except (TypeError, ValueError):
        return False  # the write says what is wrong with it
    return (record[field.name] or False) == (new or False)


class _Resolver:
    """Turns rows into create/write values: ``field/ref`` keys into ids,
    looked up once per referenced model as the caller (a record he may not
    read is an unknown reference), within the row's company."""

    def __init__(self, model, rows, companies):
        self.env = model.env
        self.found = {}  # model name -> {reference: [(company id or False, id)]}
        wanted = {}
        for comodel, _company, ref in self._references(model, rows, companies):
            wanted.setdefault(comodel, set()).add(ref)
        for comodel, refs in wanted.items():
            ref_field = REFERENCE_FIELDS[comodel][0]
            Comodel = self.env[comodel]
            has_company = 'company_id' in Comodel._fields
            for record in Comodel.search([(ref_field, 'in', list(refs))]):
                self.add(comodel, record.company_id.id if has_company else False,
                         record[ref_field], record.id)

    def add(self, comodel, company, ref, record_id):
        self.found.setdefault(comodel, {}).setdefault(ref, []).append((company, record_id))

    def _references(self, model, rows, companies):
        for row, company in zip(rows, companies):
            for comodel, ref in self._row_references(model, row):
                yield comodel, company, ref

    def _row_references(self, model, row):
        for name, value in row.items():
            fname = name.removesuffix(REF_SUFFIX)
            field = model._fields.get(fname)
            if name.endswith(REF_SUFFIX) and field and field.comodel_name in REFERENCE_FIELDS \
                    and isinstance(value, str):
                yield field.comodel_name, value
            elif field and field.type == 'one2many' and isinstance(value, list):
                Lines = model.env[field.comodel_name]
                for line in value:
                    if isinstance(line, dict):
                        yield from self._row_references(Lines, line)

    def values(self, model, row, number, company, before=None):
        """The create/write values of ``row`` for ``model``."""
        env = self.env
        vals = {}
        for name, value in row.items():
            fname = name.removesuffix(REF_SUFFIX)
            field = model._fields.get(fname)
            if field is None or fname == 'id' or (field.compute and field.readonly):
                raise model._kam_row_error(number, env._("“%s” is not a field to fill.", name))
            if name.endswith(REF_SUFFIX):
                if field.type != 'many2one' or field.comodel_name not in REFERENCE_FIELDS:
                    raise model._kam_row_error(number, env._(
                        "%s cannot be given by reference.", fname))
                vals[fname] = self._resolve(model, field, value, number, company, before) \
                    if value else False
            elif field.type == 'one2many':
                vals[fname] = self._lines(model, field, value, number, company)
            elif field.type == 'many2many':
                raise model._kam_row_error(number, env._(
                    "%s cannot be upserted: set it with write.", fname))
            else:
                vals[fname] = value
        return vals

    def _lines(self, model, field, value, number, company):
        Lines = self.env[field.comodel_name]
        inverse = Lines._fields.get(field.inverse_name)
        if not (inverse and inverse.required and inverse.ondelete == 'cascade'):
            raise model._kam_row_error(number, self.env._(
                "%s cannot be upserted: set it with write.", field.name))
        if not isinstance(value, list) or not all(isinstance(line, dict) for line in value):
            raise model._kam_row_error(number, self.env._(
                "give %s as a list of objects (field: value).", field.name))
        return [fields.Command.create(self.values(Lines, line, number, company))
                for line in value]

    def _resolve(self, model, field, ref, number, company, before):
        comodel = field.comodel_name
        if not isinstance(ref, str):
            raise model._kam_row_error(number, self.env._(
                "give the reference of %s as a text.", field.name))
        candidates = self.found.get(comodel, {}).get(ref)
        if candidates is None and comodel == model._name and before:
            before()  # a record of an earlier row, not created yet
            candidates = self.found.get(comodel, {}).get(ref)
        if candidates and REFERENCE_FIELDS[comodel][1]:
            candidates = [c for c in candidates if c[0] == company] or \
                [c for c in candidates if not c[0]]
        if not candidates:
            raise model._kam_row_error(number, self.env._(
                "no %(model)s with the reference “%(ref)s” (%(field)s) that you can read.",
                model=self.env['ir.model']._get(comodel).name, ref=ref, field=field.name))
        if len(candidates) > 1:
            raise model._kam_row_error(number, self.env._(
                "several %(model)s have the reference “%(ref)s” (%(field)s).",
                model=self.env['ir.model']._get(comodel).name, ref=ref, field=field.name))
        return candidates[0][1]
