import logging

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, mute_logger

from ..models.res_partner import KAM_MANAGER

_logger = logging.getLogger(__name__)

# columns that identify an organisation: one active partner holds each, so
# the merged-away duplicates give theirs up to the survivor
KAM_UNIQUE_CODES = ('kam_uscc', 'kam_external_ref')
KAM_TIER_FIELDS = ('kam_tier_id', 'kam_tier_locked', 'kam_tier_reason', 'kam_tier_date')


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Odoo's partner merge with the key-account data kept: the rights
    checked as the user who asks on every partner merged (the survivor
    too), the key-account values of the best account (a key account, the
    higher tier) filling the survivor's empty ones, its credit code and
    external reference taken over, the key-account records whose
    uniqueness involves the partner moved one by one (only those clashing
    with the survivor's own are dropped), stored computed fields and group
    paths recomputed after Odoo's SQL re-pointing; duplicates found by
    credit code and normalised name."""
    _inherit = 'base.partner.merge.automatic.wizard'

    group_by_kam_uscc = fields.Boolean(
        "Credit Code", help="Propose the companies that share a unified social credit code.")
    group_by_kam_name_key = fields.Boolean(
        "Normalised Name",
        help="Propose the companies whose names are the same without brackets, spaces and "
             "legal-form suffix (华东能源（集团）股份有限公司 and 华东能源集团有限公司).")

    @api.model
    def default_get(self, fields):
        res = super().default_get(fields)
        active_ids = self.env.context.get('active_ids')
        if (res.get('dst_partner_id') and active_ids
                and self.env.context.get('active_model') == 'res.partner'):
            # the key account survives (the higher tier; else, as Odoo
            # chooses, the oldest partner)
            ordered = self._get_ordered_partner(active_ids).exists()
            if ordered:
                best = max(ordered, key=lambda partner: (
                    partner._kam_merge_rank(), ordered.ids.index(partner.id)))
                if best._kam_merge_rank()[0]:
                    res['dst_partner_id'] = best.id
        return res

    @api.model
    def _generate_query(self, fields, maximum_group=100):
        # companies without a code (or name) are no group of duplicates
        query = super()._generate_query(fields, maximum_group)
        condition = ' AND '.join(f'{fname} IS NOT NULL' for fname in fields
                                 if fname in ('kam_uscc', 'kam_name_key'))
        if not condition:
            return query
        if ' WHERE ' in query:
            return query.replace(' WHERE ', f' WHERE {condition} AND ', 1)
        return query.replace(' GROUP BY ', f' WHERE {condition} GROUP BY ', 1)

    # ------------------------------------------------------------
    # Merge
    # ------------------------------------------------------------

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env['res.partner'].browse(partner_ids).exists()
        if dst_partner:
            partners |= dst_partner
        user_partners = partners.with_env(self.env(su=False))
        # the sources' subsidiaries move under the survivor: their group changes too
        dst = dst_partner or (partners and self._get_ordered_partner(partners.ids)[-1])
        moved = (partners - dst).sudo().child_ids.filtered(
            lambda p: p.is_company and (p.kam_is_key_account or p.kam_manager_id))
        user_partners._kam_check_structure_rights(moved)
        # a key account merged away is deleted: a Key Accounts Manager's act
        # (checked at once, before anything moves)
        gone = (partners - dst).sudo().filtered('kam_is_key_account')
        if gone and not self.env.user.has_group(KAM_MANAGER):
            raise UserError(self.env._(
                "Only a Key Accounts Manager can delete or merge a key account (%s); "
                "archive it instead.", user_partners._kam_name_for_user(gone[0])))
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        self._kam_move_unique_rows(src_partners, dst_partner)
        pointing = self._kam_rows_pointing_at(src_partners)
        subtree = self._kam_group_subtree(src_partners)
        res = super()._update_foreign_keys(src_partners, dst_partner)
        # Odoo re-points the columns in SQL: what is computed from them and
        # stored (the survivor's rollups, the group paths below it) is
        # computed again
        self.env.invalidate_all()
        for (model, fname), ids in pointing.items():
            self.env[model].sudo().with_context(active_test=False).browse(ids).modified([fname])
        subtree -= src_partners
        if subtree:
            Partner = self.env['res.partner']
            for fname in ('kam_group_path', 'kam_group_id', 'kam_group_depth'):
                self.env.add_to_compute(Partner._fields[fname], subtree.sudo())
        self.env.flush_all()
        return res

    @api.model
    def _update_values(self, src_partners, dst_partner):
        # the best account's values come last: Odoo keeps the last one given
        ranked = src_partners._kam_merge_ranked()
        tier = self._kam_take_over_values(ranked, dst_partner)
        # the values written again as they are: no tier "set by hand"
        # (Odoo lists the fields as the survivor's environment reads them:
        # the sources are read in the same one)
        dst = dst_partner.with_context(kam_classifying=True)
        res = super()._update_values(ranked.with_env(dst.env), dst)
        # Odoo fills each empty field on its own: the tier's lock, reason and
        # date stay those of the tier kept
        dst = dst.sudo()
        tier = {name: value for name, value in tier.items() if name != 'kam_tier_id' and (
            dst[name].id if isinstance(dst[name], models.BaseModel) else dst[name]) != value}
        if tier:
            dst.with_context(kam_classifying=True, tracking_disable=True).write(tier)
        return res

    # ------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------

    @api.model
    def _kam_take_over_values(self, ranked, dst_partner):
        """Fill the survivor's empty key-account values (read and written
        as superuser: the user's rights were checked, and a user outside
        Key Accounts would lose what he cannot read) from the sources, the
        best last; the sources give up their credit code and external
        reference first (one active partner holds each)."""
        Partner = self.env['res.partner'].sudo()
        dst = dst_partner.sudo()
        names = [name for name, field in Partner._fields.items()
                 if name.startswith('kam_') and field.store and not field.compute
                 and field.type not in ('one2many', 'many2many')]
        values = {}
        for partner in [*ranked.sudo(), dst]:
            for name in names:
                value = partner[name]
                if value:
                    values[name] = value.id if isinstance(value, models.BaseModel) else value
        # the tier comes as a whole (with its lock, reason and date) from the
        # best account that has one, when the survivor has none
        donor = dst if dst.kam_tier_id else ranked.sudo().filtered('kam_tier_id')[-1:]
        tier = {}
        for name in KAM_TIER_FIELDS:
            value = donor[name] if donor else False
            tier[name] = values[name] = value.id if isinstance(value, models.BaseModel) else value
        values = {name: value for name, value in values.items()
                  if (dst[name].id if isinstance(dst[name], models.BaseModel)
                      else dst[name]) != value}
        codes = {name: False for name in KAM_UNIQUE_CODES if any(ranked.sudo().mapped(name))}
        if codes:
            ranked.sudo().with_context(tracking_disable=True).write(codes)
        if values:
            became_account = values.get('kam_is_key_account') and not dst.kam_is_key_account
            dst.with_context(kam_classifying=True).write(values)
            if became_account and not dst.kam_tier_id:
                dst._kam_classify_new()
        return tier

    @api.model
    def _kam_partner_fk_models(self):
        """``{table: model}`` of the models stored in tables (not the
        abstract or SQL-view ones)."""
        return {model._table: model for model in self.env.registry.values()
                if not model._abstract and model._auto}

    @api.model
    def _kam_unique_on(self, table, column):
        """A unique index (or constraint) of ``table`` involves ``column``."""
        return bool(self.env.execute_query(SQL("""
            SELECT 1 FROM pg_index i
              JOIN pg_class c ON c.oid = i.indrelid
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
             WHERE i.indisunique AND NOT i.indisprimary AND c.relname = %s AND a.attname = %s
             LIMIT 1""", table, column)))

    @api.model
    def _kam_move_unique_rows(self, src_partners, dst_partner):
        """The key-account records one per partner and month, service,
        period, user… (health, billing lines, account plans, team
        members…): Odoo moves all of a table at once and, on a clash, drops
        all of the sources' rows (or fails, for a partial unique index).
        Here each row that fits moves; only the rows that clash with the
        survivor's own (the same month, the same member) are dropped."""
        models_by_table = self._kam_partner_fk_models()
        src_ids = tuple(src_partners.ids)
        for table, column in self._get_fk_on('res_partner'):
            model = models_by_table.get(table)
            if (model is None or model._module != 'key_account_management'
                    or not self._kam_unique_on(table, column)):
                continue
            ids = [row[0] for row in self.env.execute_query(SQL(
                "SELECT id FROM %s WHERE %s IN %s ORDER BY id",
                SQL.identifier(table), SQL.identifier(column), src_ids))]
            if not ids:
                continue
            def move(row_ids, table=table, column=column):
                try:
                    with mute_logger('odoo.sql_db'), self.env.cr.savepoint():
                        self.env.cr.execute(SQL(
                            "UPDATE %s SET %s = %s WHERE id IN %s", SQL.identifier(table),
                            SQL.identifier(column), dst_partner.id, tuple(row_ids)))
                except psycopg2.IntegrityError:
                    return False
                return True
            if move(ids):
                continue
            clashing = [row_id for row_id in ids if not move([row_id])]
            if clashing:
                _logger.info("merge into partner %s: %s rows of %s clash with its own, dropped",
                             dst_partner.id, len(clashing), table)
                try:
                    with mute_logger('odoo.sql_db'), self.env.cr.savepoint():
                        self.env.cr.execute(SQL("DELETE FROM %s WHERE id IN %s",
                                                SQL.identifier(table), tuple(clashing)))
                except psycopg2.IntegrityError:
                    raise UserError(self.env._(
                        "The merge stops: %(count)s records (%(kind)s) of the companies merged "
                        "away clash with the survivor's own (the same month, period or member) "
                        "and are used elsewhere. Remove the duplicates first.",
                        count=len(clashing),
                        kind=self.env['ir.model']._get(model._name).name)) from None

    @api.model
    def _kam_rows_pointing_at(self, src_partners):
        """``{(model, field): ids}`` of the records whose stored many2one
        to a partner points at one of ``src_partners`` and that other
        stored fields depend on: they are marked modified once Odoo has
        re-pointed them in SQL."""
        registry = self.env.registry
        result = {}
        for model in self._kam_partner_fk_models().values():
            for fname, field in model._fields.items():
                if (field.type != 'many2one' or field.comodel_name != 'res.partner'
                        or not field.store or field.company_dependent
                        or not any(dep.store for dep in registry.get_dependent_fields(field))):
                    continue
                ids = self.env[model._name].sudo().with_context(active_test=False).search(
                    [(fname, 'in', src_partners.ids)], order='id').ids
                if ids:
                    result[model._name, fname] = ids
        return result

    @api.model
    def _kam_group_subtree(self, src_partners):
        """The partners below ``src_partners`` in their groups: their group
        paths go through a source and are computed again."""
        Partner = self.env['res.partner'].sudo().with_context(active_test=False)
        if not src_partners:
            return Partner
        return Partner.search(Domain.OR(
            Domain('kam_group_path', '=like', f'{partner.id}/%')
            | Domain('kam_group_path', 'like', f'/{partner.id}/')
            for partner in src_partners))
