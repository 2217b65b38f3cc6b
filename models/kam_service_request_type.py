from odoo import fields, models

# What a type's form asks for: the kind of lines a request of the type carries.
KIND_OPERATIONS = {
    'install': ('install',),
    'change': ('change',),
    'cancel_scheduled': ('number',),
    'cancel': ('number',),
    'repair': ('number',),
    'fault': ('number',),
    'member': ('member_add', 'member_remove', 'member_change'),
}


class KamServiceRequestType(models.Model):
    """A kind of work order the customer may raise (new install, product
    change, cancellation, repair, fault, member change): what its form asks
    for, whether the account manager approves it first, and which team takes it."""
    _name = 'kam.service.request.type'
    _description = "Work Order Type"
    _order = 'sequence, id'

    name = fields.Char(
        required=True, translate=True,
        help="Name of the type as the customer and the service desk see it, e.g. New Install.")
    code = fields.Char(
        required=True,
        help="Short technical code of the type, unique; used by integrations and imports.")
    sequence = fields.Integer(default=10, help="Order of the types in lists and in the portal.")
    active = fields.Boolean(
        default=True, help="Archived types can no longer be requested; their work orders stay.")
    kind = fields.Selection([
        ('install', "New Install"),
        ('change', "Product Change"),
        ('cancel_scheduled', "Scheduled Cancellation"),
        ('cancel', "Formal Cancellation"),
        ('repair', "Terminal Repair"),
        ('fault', "Fault Report"),
        ('member', "Member Change"),
    ], required=True, default='fault',
        help="What the work order is about; decides which lines its form asks for: products "
             "to install or change, line numbers to cancel, repair or report, or members to "
             "add, remove or change.")
    require_phone = fields.Boolean(
        "Contact Phone Required", default=True,
        help="The requester must give a phone number to be called back on.")
    require_date = fields.Boolean(
        "Wished Date Required",
        help="The requester must give the date the work should be done (e.g. the day of a "
             "scheduled cancellation).")
    require_lines = fields.Boolean(
        "Lines Required", default=True,
        help="The work order must list at least one product, number or member.")
    require_attachment = fields.Boolean(
        "Attachment Required",
        help="The requester must attach a document (e.g. the signed cancellation letter).")
    department_id = fields.Many2one(
        'hr.department', "Default Team",
        help="Department that handles work orders of this type; set on each new work order.")
    user_id = fields.Many2one(
        'res.users', "Default Assignee", domain=[('share', '=', False)],
        help="Employee who gets new work orders of this type; leave empty to let the service "
             "desk assign them.")
    description = fields.Text(
        translate=True,
        help="Explains the type to the customer on the portal's request form.")
    company_id = fields.Many2one(
        'res.company', help="Leave empty to offer the type in every company.")
    request_count = fields.Integer(
        "Work Orders", compute='_compute_request_count',
        help="Work orders of this type you can see.")

    _code_uniq = models.Constraint('UNIQUE(code)', "The code of a work order type must be unique.")

    def _compute_request_count(self):
        counts = dict(self.env['kam.service.request']._read_group(
            [('type_id', 'in', self.ids)], ['type_id'], ['__count']))
        for request_type in self:
            request_type.request_count = counts.get(request_type, 0)

    def _kam_operations(self):
        """The line operations a work order of this type may carry."""
        self.ensure_one()
        return KIND_OPERATIONS.get(self.kind, ())
