from odoo import api, fields, models
from odoo.exceptions import UserError


class KamServiceRequest(models.Model):
    """Work orders with provisioning steps: the steps of the type's
    template are copied when the order is submitted, planned along the
    chain of the steps they wait for, and the order's resolve-by deadline
    follows the last of them."""
    _inherit = 'kam.service.request'

    step_ids = fields.One2many(
        'kam.service.request.step', 'request_id', "Provisioning Steps", copy=False,
        help="The departments' steps of this work order, copied from its type when it is "
             "submitted; each department head closes his own.")
    step_progress = fields.Char(
        "Steps Done", compute='_compute_step_progress',
        help="Closed steps out of all the steps of the work order.")

    @api.depends('step_ids.status')
    def _compute_step_progress(self):
        for request in self:
            steps = request.step_ids
            request.step_progress = steps and "%s / %s" % (
                len(steps.filtered(lambda s: s.status == 'done')), len(steps)) or False

    def _kam_set_deadlines(self):
        res = super()._kam_set_deadlines()
        self._kam_create_steps()
        self._kam_plan_steps()
        return res

    def _kam_accept(self, approved=False):
        # a type given its template after the order was submitted
        res = super()._kam_accept(approved=approved)
        missing = self.filtered(lambda r: not r.sudo().step_ids)
        missing._kam_create_steps()
        missing._kam_plan_steps()
        return res

    def action_done(self):
        open_steps = self.sudo().step_ids.filtered(lambda s: s.status != 'done')
        if open_steps:
            raise UserError(self.env._(
                "%(order)s still has open provisioning steps: the departments close them first.",
                order=open_steps[0].request_id.display_name))
        return super().action_done()

    # ------------------------------------------------------------
    # Business: steps
    # ------------------------------------------------------------

    def _kam_create_steps(self):
        """Copy the type's step template onto the work orders without
        steps, predecessors included, in one batch."""
        requests = self.sudo().filtered(lambda r: r.type_id.step_template_ids and not r.step_ids)
        vals_list, keys = [], []
        for request in requests:
            for template in request.type_id.step_template_ids:
                vals_list.append({
                    'request_id': request.id, 'template_id': template.id,
                    'sequence': template.sequence, 'name': template.with_context(
                        lang=request.requester_partner_id.lang or self.env.lang).name,
                    'department_id': template.department_id.id,
                    'sla_value': template.sla_value, 'sla_unit': template.sla_unit,
                })
                keys.append((request.id, template))
        steps = self.env['kam.service.request.step'].sudo().create(vals_list)
        by_template = {(request_id, template.id): step
                       for (request_id, template), step in zip(keys, steps)}
        for (request_id, template), step in zip(keys, steps):
            if template.predecessor_ids:
                step.predecessor_ids = [fields.Command.set([
                    by_template[request_id, pred.id].id for pred in template.predecessor_ids])]

    def _kam_plan_steps(self):
        """Plan each step from the steps it waits for (their closing time,
        or their deadline while open) plus its own SLA, and make the order's
        resolve-by deadline the last step's."""
        for request in self.sudo().filtered('step_ids'):
            start = request.date_submitted or fields.Datetime.now()
            calendar = request.company_id.resource_calendar_id
            ends, todo = {}, list(request.step_ids)
            while todo:
                ready = [s for s in todo if all(p.id in ends for p in s.predecessor_ids)]
                if not ready:  # a cycle cannot come from a template; never loop
                    break
                for step in ready:
                    todo.remove(step)
                    begin = max([ends[p.id] for p in step.predecessor_ids] or [start])
                    if step.sla_unit == 'hours':
                        deadline = self._kam_add_working_hours(calendar, begin, step.sla_value)
                    else:
                        deadline = fields.Datetime.add(begin, days=step.sla_value)
                    # the steps after a closed one count from its closing
                    ends[step.id] = step.done_at if step.status == 'done' and step.done_at \
                        else deadline
                    if (step.date_start, step.date_deadline) != (begin, deadline):
                        step.write({'date_start': begin, 'date_deadline': deadline})
            deadlines = [d for d in request.step_ids.mapped('date_deadline') if d]
            if deadlines and request.deadline_resolve != max(deadlines):
                request.write({'deadline_resolve': max(deadlines)})

    def _kam_portal_steps(self):
        """The steps the customer sees on his order's page: what, which
        department, by when and its status; never the internal feedback or
        delay reasons. Called on an order the portal has already checked."""
        self.ensure_one()
        status = dict(self.env['kam.service.request.step']._fields['status']
                      ._description_selection(self.env))
        return [{
            'name': step.name, 'department': step.department_id.name,
            'deadline': step.date_deadline, 'status': step.status,
            'status_label': status.get(step.status, ''), 'done_at': step.done_at,
        } for step in self.sudo().step_ids]
