import csv
import io

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from .kam_input import check_input
from .kam_phone import normalize_cn_mobile
from .kam_retention_mixin import phone_domain, phone_matches
from .kam_service_request import CLOSED_STATES

ENROLLED_STATES = ('active', 'suspended')
# technical columns left out of a person's export
EXPORT_SKIPPED = {'id', 'create_uid', 'write_uid', 'create_date', 'write_date',
                  'message_ids', 'message_follower_ids', 'activity_ids', 'website_message_ids',
                  'message_partner_ids', 'rating_ids'}


class KamDataRequest(models.Model):
    """A person's request to see or erase their data (PIPL articles 45 and
    47), handled by the data protection officer in one place: find
    everything about a name or a mobile number, export it to a file kept on
    the request, and erase it, except what contracts and accounting must
    keep. An erasure is refused, with the reason, while the person has an
    open work order or an active role under a contract (a member still
    enrolled under the group's agreement), or a user account. The chatter
    records the handling."""
    _name = 'kam.data.request'
    _description = "Personal Data Request"
    _inherit = ['mail.thread', 'mail.activity.mixin', 'kam.state.guard.mixin']
    _order = 'id desc'
    _check_company_auto = True

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default=lambda self: self.env._("New"),
        help="Given by the sequence when the request is saved.")
    requester_name = fields.Char(
        "Person's Name", tracking=True,
        help="The full name of the person whose data is asked for, as they gave it; matched "
             "exactly (case aside) against members, contacts and census contacts.")
    requester_number = fields.Char(
        "Person's Mobile", tracking=True,
        help="The person's mobile number; stored as its 11 digits and matched whatever way "
             "the records typed it.")
    kind = fields.Selection([
        ('access', "See My Data (access and copy)"),
        ('erasure', "Erase My Data"),
    ], required=True, default='access', tracking=True,
        help="Access: the person gets an export of everything found. Erasure: everything "
             "found is erased or anonymised, except what contracts and accounting must keep.")
    state = fields.Selection([
        ('draft', "Draft"),
        ('found', "Data Found"),
        ('done', "Done"),
        ('refused', "Refused"),
        ('cancel', "Cancelled"),
    ], "Status", default='draft', required=True, readonly=True, copy=False, tracking=True,
        index=True,
        help="Draft; Data Found once searched; Done when exported (access) or erased "
             "(erasure); Refused when an erasure must wait (see the reason).")
    date_received = fields.Date(
        "Received On", required=True, default=fields.Date.context_today, tracking=True,
        help="Day the person's request came in: the answer is due within the legal period.")
    date_done = fields.Datetime("Handled On", readonly=True, copy=False,
                                help="When the export or the erasure was made.")
    user_id = fields.Many2one(
        'res.users', "Handled By", default=lambda self: self.env.user, tracking=True,
        domain=[('share', '=', False)],
        help="The data protection officer handling the request.")
    company_id = fields.Many2one(
        'res.company', required=True, index=True, default=lambda self: self.env.company,
        help="Company of the operator that holds the data.")
    line_ids = fields.One2many(
        'kam.data.request.line', 'request_id', "Data Found", readonly=True,
        help="What was found about the person, by kind of record, with their count.")
    record_count = fields.Integer(
        "Records Found", compute='_compute_record_count',
        help="Records found about the person, all kinds together.")
    refusal_reason = fields.Text(
        readonly=True, copy=False, tracking=True,
        help="Why the erasure was refused: the open work orders, the roles still running "
             "under a contract, a user account. Once they are closed, search and erase "
             "again.")
    export_attachment_id = fields.Many2one(
        'ir.attachment', "Export", readonly=True, copy=False,
        help="The file of everything found, kept on the request to be handed to the person.")
    note = fields.Text(
        help="How the person was identified, how and when they were answered.")

    @api.depends('line_ids.count')
    def _compute_record_count(self):
        for request in self:
            request.record_count = sum(request.line_ids.mapped('count'))

    @api.model_create_multi
    def create(self, vals_list):
        check_input(self, vals_list)
        for vals in vals_list:
            self._kam_normalize(vals)
            if not vals.get('requester_name') and not vals.get('requester_number'):
                raise ValidationError(self.env._(
                    "Give the person's name or mobile number to search their data."))
            vals['name'] = self.env['ir.sequence'].sudo().next_by_code('kam.data.request') \
                or self.env._("New")
        return super().create(vals_list)

    def write(self, vals):
        check_input(self, [vals])
        if {'requester_name', 'requester_number', 'kind'} & set(vals) \
                and self.filtered(lambda r: r.state not in ('draft', 'found')):
            raise UserError(self.env._(
                "A request once handled keeps the person and the kind it was handled for."))
        vals = self._kam_normalize(dict(vals))
        res = super().write(vals)
        if {'requester_name', 'requester_number'} & set(vals):
            self.sudo().line_ids.unlink()  # found for another person
        return res

    def _kam_normalize(self, vals):
        if vals.get('requester_number'):
            vals['requester_number'] = normalize_cn_mobile(self.env, vals['requester_number'])
        if vals.get('requester_name'):
            vals['requester_name'] = vals['requester_name'].strip()
        return vals

    # ------------------------------------------------------------
    # Finding the person's data
    # ------------------------------------------------------------

    def _kam_found(self):
        """``{model name: records}`` of everything about the person: the
        records of the models that find people (``_kam_find_person``:
        members, contacts, census entries, and any model giving it), then
        the records pointing at them or holding the number (consents, group
        SMS lines, work orders, relationship profiles)."""
        self.ensure_one()
        name, number = self.requester_name, self.requester_number
        found = {}
        for model_name in sorted(self.env.registry):
            Model = self.env[model_name]
            if Model._abstract or Model._transient or not hasattr(Model, '_kam_find_person'):
                continue
            records = Model.sudo()._kam_find_person(name, number)
            if records:
                found[model_name] = records
        members = found.get('kam.member', self.env['kam.member'])
        partners = found.get('res.partner', self.env['res.partner'])
        of_person = Domain.OR([
            [('number', '=', number)] if number else Domain.FALSE,
            [('member_id', 'in', members.ids)], [('partner_id', 'in', partners.ids)]])
        related = {
            'kam.sms.consent': of_person,
            'kam.sms.recipient': of_person,
            'kam.contact.profile': [('partner_id', 'in', partners.ids)],
        }
        for model_name, domain in related.items():
            records = self.env[model_name].sudo().with_context(active_test=False).search(domain)
            if records:
                found[model_name] = records
        requests = self.env['kam.service.request'].sudo().with_context(active_test=False)
        work = requests.search(Domain.OR([[('requester_partner_id', 'in', partners.ids)],
                                          phone_domain('contact_phone', number)]))
        work = work.filtered(lambda wo: wo.requester_partner_id in partners
                             or phone_matches(wo, 'contact_phone', number))
        if work:
            found['kam.service.request'] = work
        return found

    def _kam_blockers(self, found):
        """Why the person cannot be erased now, one reason a line."""
        reasons = []
        states = dict(self.env['kam.service.request']._fields['state']._description_selection(
            self.env))
        for order in found.get('kam.service.request', []):
            if order.state not in CLOSED_STATES:
                reasons.append(self.env._(
                    "Work order %(order)s is open (%(state)s): it needs the person's contact "
                    "until it is closed.", order=order.display_name, state=states[order.state]))
        for member in found.get('kam.member', []):
            if member.state in ENROLLED_STATES:
                reasons.append(self.env._(
                    "%(member)s is still enrolled in %(company)s under the group's agreement "
                    "(an active contract role): remove the member from the group first.",
                    member=member.name, company=member.partner_id.display_name))
        for partner in found.get('res.partner', []):
            if partner.with_context(active_test=False).user_ids:
                reasons.append(self.env._(
                    "%s has a user account: archive the user before erasing the person.",
                    partner.display_name))
        return reasons

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_find(self):
        """Search everything about the person and list it by kind of record."""
        self._kam_check_state(('draft', 'found'), self.env._("Searching"))
        self.check_access('write')
        for request in self:
            found = request._kam_found()
            request.sudo().line_ids.unlink()
            self.env['kam.data.request.line'].sudo().create([{
                'request_id': request.id, 'res_model': model_name,
                'res_ids': ','.join(str(rid) for rid in records.ids), 'count': len(records),
            } for model_name, records in found.items()])
            request._kam_move_state({'state': 'found'})
        return True

    def action_export(self):
        """Export everything found to a CSV file kept on the request (one row
        a field: kind of record, record, field, value); an access request is
        then done."""
        self._kam_check_state(('found', 'done'), self.env._("Exporting"))
        self.check_access('write')
        for request in self:
            data = request._kam_export_csv()
            attachment = self.env['ir.attachment'].sudo().create({
                'name': self.env._("personal_data_%s.csv", request.name.replace('/', '-')),
                'raw': data, 'mimetype': 'text/csv',
                'res_model': self._name, 'res_id': request.id,
            })
            vals = {'export_attachment_id': attachment.id}
            if request.kind == 'access' and request.state == 'found':
                vals.update(state='done', date_done=fields.Datetime.now())
            request._kam_move_state(vals)
            request.message_post(body=self.env._(
                "Export of %s records made for the person.", request.record_count),
                attachment_ids=attachment.ids)
        return True

    def action_erase(self):
        """Erase or anonymise everything found, except what contracts and
        accounting must keep; refused, with the reason, while the person has
        an open work order, a role under a running contract or a user."""
        self._kam_check_state(('found',), self.env._("Erasing"))
        self.check_access('write')
        for request in self:
            if request.kind != 'erasure':
                raise UserError(self.env._(
                    "%s is a request to see the data: export it instead.", request.name))
            found = request._kam_found()
            reasons = request._kam_blockers(found)
            if reasons:
                reason = '\n'.join(reasons)
                request._kam_move_state({'state': 'refused', 'refusal_reason': reason})
                request.message_post(body=self.env._("Erasure refused: %s", reason))
                continue
            erased = request._kam_erase(found)
            request._kam_move_state({'state': 'done', 'date_done': fields.Datetime.now(),
                                     'refusal_reason': False})
            request.message_post(body=self.env._(
                "Personal data erased: %s. Kept, as contracts and accounting require: "
                "contracts, billing lines, work orders and group SMS counts (without the "
                "person's name and number).", erased))
        return True

    def _kam_erase(self, found):
        """Erase ``found``; returns a summary of what was done by kind."""
        done = []
        Model = self.env['ir.model']
        for model_name, records in found.items():
            records = records.sudo()
            if hasattr(records, '_kam_erase_personal_data'):
                records._kam_erase_personal_data()
            elif model_name in ('kam.sms.consent', 'kam.contact.profile'):
                records.exists().unlink()
            elif model_name == 'kam.sms.recipient':
                records._kam_erase()
            elif model_name == 'kam.service.request':
                records.with_context(tracking_disable=True).write({'contact_phone': False})
            done.append(f"{Model._get(model_name).name} ({len(records)})")
        return ', '.join(done)

    def action_cancel(self):
        self._kam_check_state(('draft', 'found', 'refused'), self.env._("Cancelling"))
        return self._kam_move_state({'state': 'cancel'})

    def action_reset_draft(self):
        """Back to draft, e.g. once the work orders that refused an erasure are closed."""
        self._kam_check_state(('refused', 'cancel'), self.env._("Resetting"))
        return self._kam_move_state({'state': 'draft'})

    # ------------------------------------------------------------
    # Export
    # ------------------------------------------------------------

    def _kam_export_csv(self):
        self.ensure_one()
        output = io.StringIO()
        writer = csv.writer(output)
        writer.writerow([self.env._("Kind of Record"), self.env._("Record"), self.env._("Field"),
                         self.env._("Value")])
        for line in self.line_ids:
            records = line._kam_records().sudo()
            names = [fname for fname, field in records._fields.items()
                     if field.store and fname not in EXPORT_SKIPPED
                     and field.type not in ('binary', 'one2many', 'many2many')]
            for record in records:
                for fname in names:
                    value = record[fname]
                    if value in (False, None, ''):
                        continue
                    field = records._fields[fname]
                    if field.type == 'many2one':
                        value = value.display_name
                    elif field.type == 'selection':
                        value = dict(field._description_selection(self.env)).get(value, value)
                    text = str(value)
                    # a value read as a formula by a spreadsheet is kept as text
                    if text[:1] in ('=', '+', '-', '@'):
                        text = "'" + text
                    writer.writerow([line.model_label, record.display_name,
                                     field._description_string(self.env), text])
        return output.getvalue().encode('utf-8-sig')
