from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KamTrainingCourse(models.Model):
    """One course of a training plan: a document, a link or a video the
    account managers study before the exam."""
    _name = 'kam.training.course'
    _description = "Training Course"
    _order = 'plan_id, sequence, id'

    plan_id = fields.Many2one(
        'kam.training.plan', "Training Plan", required=True, index=True, ondelete='cascade',
        help="The plan this course belongs to.")
    sequence = fields.Integer(default=10, help="Order in which the courses are studied.")
    name = fields.Char("Title", required=True, help="What the course is called.")
    kind = fields.Selection([
        ('document', "Document"),
        ('link', "Link"),
        ('video', "Video"),
    ], required=True, default='document',
        help="Document: a file attached here; link or video: an address to open.")
    url = fields.Char("URL", help="Address of the page or video to study.")
    attachment = fields.Binary(
        "File", attachment=True, help="The course material as a file (PDF, slides…).")
    attachment_name = fields.Char("File Name", help="Name of the attached file.")
    company_id = fields.Many2one(related='plan_id.company_id', store=True, index=True,
        help="Company of the training plan.")

    @api.constrains('kind', 'url', 'attachment')
    def _check_material(self):
        for course in self:
            if course.kind in ('link', 'video') and not (course.url or '').strip():
                raise ValidationError(self.env._("A link or video course needs its URL."))
            if course.url and not course.url.strip().lower().startswith(('http://', 'https://')):
                raise ValidationError(self.env._("A course URL starts with http:// or https://."))
