from odoo import fields, models


class KamDataRequestLine(models.Model):
    """What a person's data request found of one kind of record."""
    _name = 'kam.data.request.line'
    _description = "Personal Data Request: Records Found"
    _order = 'request_id, id'

    request_id = fields.Many2one(
        'kam.data.request', required=True, index=True, ondelete='cascade',
        help="The request that found these records.")
    res_model = fields.Char("Model", required=True, readonly=True,
                            help="Technical name of the kind of record.")
    model_label = fields.Char("Kind of Record", compute='_compute_model_label',
                              help="The kind of record, as people call it, in the reader's "
                                   "language.")
    res_ids = fields.Text("Record Ids", readonly=True,
                          help="Ids of the records found, comma separated.")
    count = fields.Integer(readonly=True, help="Records found of this kind.")

    def _compute_model_label(self):
        Model = self.env['ir.model']
        for line in self:
            line.model_label = Model._get(line.res_model).name if line.res_model else False

    def _kam_records(self):
        self.ensure_one()
        ids = [int(rid) for rid in (self.res_ids or '').split(',') if rid]
        return self.env[self.res_model].with_context(active_test=False).browse(ids).exists()

    def action_view_records(self):
        """The records found, in their own list (what the reader may open)."""
        self.ensure_one()
        return {
            'type': 'ir.actions.act_window',
            'name': self.model_label,
            'res_model': self.res_model,
            'view_mode': 'list,form',
            'views': [(False, 'list'), (False, 'form')],
            'domain': [('id', 'in', self._kam_records().ids)],
            'context': {'active_test': False},
        }
