from odoo import models


class MailActivity(models.Model):
    """Activities made by the daily jobs: their assignees are made followers
    in one batch (``kam_tools.create_activities``), not one subscription per
    user as Odoo's create does."""
    _inherit = 'mail.activity'

    def _classify_by_model(self):
        # Odoo's create subscribes the assignees of the models listed here;
        # create_activities has subscribed them all at once
        if self.env.context.get('kam_followers_in_bulk'):
            return {}
        return super()._classify_by_model()
