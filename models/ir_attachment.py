from odoo import models
from odoo.fields import Domain
from odoo.tools import consteq

# The documents the customer follows in the portal, each with the field and
# value that keep it internal: a draft never reaches the portal.
PORTAL_DOCUMENTS = {
    'kam.contract': ('state', 'draft'),
    'kam.project': ('stage', 'draft'),
    'kam.service.request': ('state', 'draft'),
}


class IrAttachment(models.Model):
    """Files of a portal document's conversation (a work order, a contract,
    a project): the customer's portal users who read the document, and
    whoever holds the document's own link (its access token), download them
    at /web/content as the portal chatter shows them. Portal users have no
    right on attachments themselves: without this, the files they attached
    to their own work orders answer 404. Files of internal notes, and
    those of another customer's documents, stay out of reach."""
    _inherit = 'ir.attachment'

    def _can_return_content(self, field_name=None, access_token=None):
        if self._kam_portal_document_file(access_token):
            return True
        return super()._can_return_content(field_name, access_token)

    def _kam_portal_document_file(self, access_token):
        """Whether this attachment is a file of a portal document's
        conversation that the current portal (or public) user may download:
        he reads the document (record rules) or gives its access token, the
        document is past its draft, and the file is on one of its messages
        the portal shows (no internal note)."""
        self.ensure_one()
        if self.env.user._is_internal():
            return False  # employees: Odoo's own rights and rules
        attachment = self.sudo()
        draft = PORTAL_DOCUMENTS.get(attachment.res_model)
        if not draft or not attachment.res_id or attachment.res_field or attachment.type != 'binary':
            return False
        document = self.env[attachment.res_model].browse(attachment.res_id).exists()
        if not document:
            return False
        document_sudo = document.sudo()
        state_field, draft_value = draft
        if document_sudo[state_field] == draft_value:
            return False
        if access_token:
            if not (document_sudo.access_token and consteq(document_sudo.access_token, access_token)):
                return False
        elif not document.has_access('read'):
            return False
        Message = self.env['mail.message'].sudo()
        return bool(Message.search_count(Message._get_search_domain_share() & Domain([
            ('model', '=', attachment.res_model), ('res_id', '=', attachment.res_id),
            ('attachment_ids', 'in', attachment.ids)]), limit=1))
