from odoo import api, fields, models
from odoo.exceptions import AccessError

from .res_partner import KAM_MANAGER

# what the reviewers decide on: fixed while an order is under review (the
# customer and the type are fixed from submission on anyway)
FIXED_UNDER_REVIEW = ('type_id', 'partner_id', 'line_ids', 'description', 'date_requested',
                      'requester_partner_id', 'company_id')


class KamServiceRequest(models.Model):
    """Work-order approvals on OCA's tier validation: the approval levels
    (tier definitions of work orders, by type, tier, priority… in their
    domain) are asked for their review when an order is submitted; the
    order is accepted when every level approved it, rejected when one
    rejected it. Reviewers act at their level only; the author of an order
    never approves it."""
    _name = 'kam.service.request'
    _inherit = ['kam.service.request', 'kam.tier.validation']

    _state_from = ['submitted']
    _state_to = ['accepted']
    _cancel_state = 'cancelled'
    _tier_validation_manual_config = True

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    needs_approval = fields.Boolean(
        compute='_compute_needs_approval', search='_search_needs_approval',
        help="Approval levels were asked to review the work order when it was submitted: it "
             "is accepted once every level has approved it.")
    kam_approver_ids = fields.Many2many(
        'res.users', string="Approvers", compute='_compute_kam_approver_ids',
        help="Who approves the work order at the account manager's level: the account's "
             "manager and the Key Accounts Managers, never the one who raised it. Approval "
             "levels point at this field as their reviewer.")

    @api.depends('review_ids')
    def _compute_needs_approval(self):
        for request in self:
            request.needs_approval = bool(request.review_ids)

    def _search_needs_approval(self, operator, value):
        if operator not in ('=', '!=') or not isinstance(value, bool):
            return NotImplemented
        positive = (operator == '=') == value
        return [('review_ids', '!=' if positive else '=', False)]

    @api.depends('kam_account_manager_id', 'requester_user_id')
    def _compute_kam_approver_ids(self):
        managers = self.env.ref(KAM_MANAGER).sudo().all_user_ids.filtered(
            lambda user: user.active and not user.share)
        for request, request_sudo in zip(self, self.sudo()):
            approvers = request_sudo.kam_account_manager_id | managers
            request.kam_approver_ids = approvers - request_sudo.requester_user_id

    @api.depends_context('uid')
    @api.depends('review_ids.approve_sequence', 'review_ids.reviewer_ids',
                 'review_ids.sequence', 'review_ids.status', 'requester_user_id')
    def _compute_can_review(self):
        res = super()._compute_can_review()
        for request in self:
            if request.sudo().requester_user_id == self.env.user:
                request.can_review = False
        return res

    # ------------------------------------------------------------
    # Tier validation
    # ------------------------------------------------------------

    def _kam_can_approve(self):
        """The current user has a review pending at his level."""
        self.ensure_one()
        return self.state == 'submitted' and bool(self.review_ids) and self.can_review

    def _check_allow_write_under_validation(self, vals):
        # the service desk keeps working on an order under review (team,
        # assignee, SLA flags, notes); what the reviewers decide on is fixed
        return not set(vals) & set(FIXED_UNDER_REVIEW) \
            or super()._check_allow_write_under_validation(vals)

    def _tier_validation_check_write_allowed(self, vals):
        # writes of the SLA job and the desk (flags, deadlines, team) leave
        # the reviews alone: no check, and no query per order
        if self._state_field not in vals and not set(vals) & set(FIXED_UNDER_REVIEW):
            return None
        return super()._tier_validation_check_write_allowed(vals)

    def _kam_request_reviews(self):
        """Ask the approval levels that apply for their review, as the order's
        author; True for the orders that now wait for a review."""
        self.invalidate_recordset(['need_validation'])
        waiting = self.browse()
        for request in self:
            author = request.requester_user_id or self.env.user
            if request.with_user(author).sudo().request_validation():
                waiting |= request
        return waiting

    def _kam_check_reviewer(self):
        self.check_access('read')
        if self.env.su:
            return
        for request in self:
            if not request._kam_can_approve():
                raise AccessError(self.env._(
                    "%s waits for another approval level: only its reviewers at that level "
                    "can decide now, and never the one who raised it.", request.display_name))

    def _kam_decide_all(self, status, comment=False):
        """The superuser (data loading, upgrades, jobs) decides every open
        level at once."""
        self.review_ids.filtered(lambda r: r.status in ('waiting', 'pending')).write({
            'status': status, 'done_by': self.env.uid, 'comment': comment,
            'reviewed_date': fields.Datetime.now()})
        self._kam_follow_reviews()

    def _kam_follow_reviews(self):
        """The order follows its reviews: accepted when every level approved
        it, rejected (with the reviewer's comment) when one rejected it."""
        self.invalidate_recordset(['need_validation', 'validation_status'])
        for request in self.filtered(lambda r: r.state == 'submitted'):
            status = request.validation_status
            if status == 'validated':
                request.sudo()._kam_accept(approved=True)
            elif status == 'rejected':
                review = request.review_ids.filtered(lambda r: r.status == 'rejected')[:1]
                reason = review.comment or self.env._(
                    "Not approved by %s.", review.done_by.name or self.env.user.name)
                request.sudo().with_context(skip_validation_check=True)._kam_move_state({
                    'state': 'rejected', 'reject_reason': reason,
                    'date_done': fields.Datetime.now()})

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_submit(self):
        res = super().action_submit()
        self._kam_request_reviews()
        return res

    def action_approve(self):
        """Approve the work order at the current user's level; it is accepted
        once the last level approved it."""
        self._kam_check_state(('submitted',), self.env._("Approving"))
        self._kam_check_reviewer()
        if self.env.su:
            self._kam_decide_all('approved')
            return True
        for request in self:
            action = request.validate_tier()
            if isinstance(action, dict):
                # the level asks for a comment: its wizard approves
                return action
        return True

    def _kam_accept(self, approved=False):
        return super(KamServiceRequest, self.with_context(skip_validation_check=True))._kam_accept(
            approved=approved)

    def _kam_reject(self, reason):
        """Rejecting an order under review is the reviewer's rejection at his
        level, with the reason as its comment."""
        reviewed = self.filtered(lambda r: r.state == 'submitted' and r.needs_approval)
        reviewed._kam_check_reviewer()
        others = self - reviewed
        # checks the state and the reason (for every order) before writing
        self._kam_check_state(('submitted', 'accepted', 'in_progress'), self.env._("Rejecting"))
        super(KamServiceRequest, others.with_context(skip_validation_check=True))._kam_reject(
            reason)
        reason = (reason or '').strip()
        if self.env.su:
            reviewed._kam_decide_all('rejected', reason)
            return True
        for request in reviewed:
            sequences = request._get_sequences_to_approve(self.env.user)
            reviews = request.review_ids.filtered(lambda r, s=sequences: r.sequence in s)
            reviews.sudo().write({'comment': reason})
            request._rejected_tier(reviews)
        return True
