from odoo import models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from .kam_uscc import normalize_org_name
from .res_partner import KAM_PROFILE_FIELDS

# The stored computed columns the addon adds to res_partner. Odoo computes a
# new stored computed column in Python for every existing row: minutes in a
# CRM with a million partners, inside the install request. These are made
# and filled here by SQL instead, with the values their computes give before
# the addon holds any data: nobody is a key account, nobody has a visit.
KAM_GROUP_COLUMNS = ('kam_group_path', 'kam_group_id', 'kam_group_depth')
KAM_INSTALL_COLUMNS = KAM_GROUP_COLUMNS + (
    'kam_archive_completeness', 'kam_archive_incomplete',
    'kam_last_visit_date', 'kam_satisfaction', 'kam_satisfaction_count',
    # nobody holds a buying role yet: nobody is a key person
    'kam_key_person',
    # the companies' names normalised for the duplicate search
    'kam_name_key',
)
# the profile fields that exist before the addon (its own start empty)
CORE_PROFILE_FIELDS = tuple(name for name in KAM_PROFILE_FIELDS if not name.startswith('kam_'))


class ResPartner(models.Model):
    """Install into a database full of partners without computing them one
    by one: see KAM_INSTALL_COLUMNS."""
    _inherit = 'res.partner'

    def _auto_init(self):
        cr = self.env.cr
        missing = [name for name in KAM_INSTALL_COLUMNS
                   if not column_exists(cr, self._table, name)]
        for name in missing:
            create_column(cr, self._table, name, self._fields[name].column_type[1])
        if set(KAM_GROUP_COLUMNS) & set(missing):
            self._kam_init_group_columns()
        if 'kam_archive_completeness' in missing:
            self._kam_init_completeness_column()
        if 'kam_name_key' in missing:
            self._kam_init_name_key_column()
        # the other columns' computes give NULL (False, 0) to every partner
        return super()._auto_init()

    def _kam_init_group_columns(self):
        """What _compute_kam_group gives, for the whole table in one query:
        a company's path is its parent company's path and its own id, a
        contact's the path of its parent."""
        self.env.cr.execute(SQL("""
            WITH RECURSIVE tree AS (
                SELECT id, CASE WHEN is_company THEN id || '/' END AS path
                  FROM res_partner
                 WHERE parent_id IS NULL
                 UNION ALL
                SELECT child.id,
                       CASE WHEN child.is_company
                            THEN CASE WHEN parent.is_company THEN tree.path ELSE '' END
                                 || child.id || '/'
                            ELSE tree.path END
                  FROM tree
                  JOIN res_partner child ON child.parent_id = tree.id
                  JOIN res_partner parent ON parent.id = tree.id
            )
            UPDATE res_partner partner
               SET kam_group_path = tree.path,
                   kam_group_id = split_part(tree.path, '/', 1)::int,
                   kam_group_depth = array_length(string_to_array(rtrim(tree.path, '/'), '/'), 1) - 1
              FROM tree
             WHERE tree.id = partner.id AND tree.path IS NOT NULL
        """))

    def _kam_init_completeness_column(self):
        """What _compute_kam_archive_completeness gives before the addon's
        own profile fields hold anything: its share for each core field filled."""
        filled = SQL(" + ").join(
            SQL("(CASE WHEN COALESCE(%s, '') != '' THEN 1 ELSE 0 END)", SQL.identifier(name))
            for name in CORE_PROFILE_FIELDS)
        digits = self._fields['kam_archive_completeness'].get_digits(self.env)[1]
        self.env.cr.execute(SQL(
            "UPDATE res_partner SET kam_archive_completeness = ROUND(100.0 * (%s) / %s, %s)"
            " WHERE (%s) > 0",
            filled, len(KAM_PROFILE_FIELDS), digits, filled))

    def _kam_init_name_key_column(self):
        """What _compute_kam_name_key gives, for every company at once: the
        names read in one query, normalised in Python (Unicode forms are not
        SQL's), written back in one statement."""
        cr = self.env.cr
        cr.execute("SELECT id, name FROM res_partner WHERE is_company AND name IS NOT NULL")
        keys = [(pid, key) for pid, name in cr.fetchall() if (key := normalize_org_name(name))]
        if keys:
            ids, values = zip(*keys)
            cr.execute(SQL("""
                UPDATE res_partner p SET kam_name_key = k.key
                  FROM unnest(%s::int[], %s::varchar[]) AS k(id, key)
                 WHERE p.id = k.id
            """, list(ids), list(values)))

