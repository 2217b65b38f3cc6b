"""The unified social credit code (统一社会信用代码) of Chinese
organisations, GB 32100-2015, and the normalised organisation names that
find duplicates. Pure functions: the census and partners share them."""
import re
import unicodedata

# The 31 characters of the code: digits and capitals without I, O, S, V, Z
USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
# the weights of the first 17 positions (3^i mod 31)
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_LENGTH = 18

# legal-form suffixes that a short name leaves out, longest first
COMPANY_SUFFIXES = ('股份有限公司', '有限责任公司', '有限公司', '分公司', '公司')
BRACKETS = re.compile(r'[()\[\]{}【】〔〕<>《》]')
NOISE = re.compile(r'[\s.,·、，。\-_/\'"&]+')


def normalize_uscc(code):
    """``code`` as stored: capitals, without spaces or dashes."""
    return re.sub(r'[\s-]+', '', unicodedata.normalize('NFKC', code or '')).upper()


def uscc_check_char(code17):
    """The check character of the first 17 characters of a code."""
    total = sum(USCC_CHARSET.index(char) * weight for char, weight in zip(code17, USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_problem(code):
    """Why ``code`` (normalised) is not a valid code, or None: its length,
    a character outside the code's set, or a wrong check character."""
    if len(code) != USCC_LENGTH:
        return 'length'
    if any(char not in USCC_CHARSET for char in code):
        return 'charset'
    if not code[2:8].isdigit():
        return 'division'
    if uscc_check_char(code[:17]) != code[17]:
        return 'check'
    return None


def normalize_org_name(name):
    """The name that finds an organisation under its variants: half-width
    (全角括号 become brackets), without brackets, spaces, punctuation and
    the legal-form suffix (有限公司, 股份有限公司, 有限责任公司…), lowercase.
    华东能源（集团）股份有限公司 and 华东能源集团有限公司 give the same key."""
    key = unicodedata.normalize('NFKC', name or '').lower()
    key = NOISE.sub('', BRACKETS.sub('', key))
    for suffix in COMPANY_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[:-len(suffix)]
            break
    for suffix in ('co.ltd', 'coltd', 'ltd', 'inc', 'corp'):
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[:-len(suffix)]
            break
    return key or False


def check_uscc(env, code):
    """``code`` normalised, or a translated ValidationError saying what is
    wrong with it (empty stays empty)."""
    from odoo.exceptions import ValidationError  # noqa: PLC0415 (pure functions above)
    code = normalize_uscc(code)
    if not code:
        return False
    problem = uscc_problem(code)
    if problem == 'length':
        raise ValidationError(env._(
            "The unified social credit code %(code)s has %(count)s characters: it has 18 "
            "(see the business licence).", code=code, count=len(code)))
    if problem == 'charset':
        raise ValidationError(env._(
            "The unified social credit code %s holds a character that no code has: only digits "
            "and capital letters other than I, O, S, V and Z.", code))
    if problem == 'division':
        raise ValidationError(env._(
            "The unified social credit code %s is wrong: its 3rd to 8th characters are the "
            "administrative division code, six digits.", code))
    if problem == 'check':
        raise ValidationError(env._(
            "The unified social credit code %s is wrong: its last character (the check "
            "character) does not match the first 17. Check the code on the business licence.",
            code))
    return code


def uscc_holders(env, codes, company_ids):
    """The active census entries and partners (sudo) of ``company_ids``
    (partners: or of no company) holding one of ``codes``."""
    codes = [code for code in set(codes) if code]
    if not codes:
        return env['kam.census.entry'].sudo(), env['res.partner'].sudo()
    company_ids = list(set(company_ids))
    entries = env['kam.census.entry'].sudo().search(
        [('uscc', 'in', codes), ('company_id', 'in', company_ids)])
    partners = env['res.partner'].sudo().search(
        [('kam_uscc', 'in', codes), ('company_id', 'in', [False, *company_ids])])
    return entries, partners


def duplicate_map(env, items):
    """``{key: (entries, partners)}``: for each item ``(key, company_id,
    name_key, uscc, own_entry_id, own_partner_id)`` the other active census
    entries of its company and active companies (partners) sharing its
    code or normalised name; two searches for all the items."""
    items = [item for item in items if item[2] or item[3]]
    Entry, Partner = env['kam.census.entry'].sudo(), env['res.partner'].sudo()
    if not items:
        return {}
    names = list({item[2] for item in items if item[2]})
    codes = list({item[3] for item in items if item[3]})
    companies = list({item[1] for item in items if item[1]})
    entries = Entry.search_fetch(
        ['|', ('name_key', 'in', names), ('uscc', 'in', codes or [False]),
         ('company_id', 'in', companies)], ['name_key', 'uscc', 'company_id', 'partner_id'])
    partners = Partner.search_fetch(
        [('is_company', '=', True), '|', ('kam_name_key', 'in', names),
         ('kam_uscc', 'in', codes or [False])], ['kam_name_key', 'kam_uscc', 'company_id'])
    result = {}
    for key, company_id, name_key, uscc, own_entry_id, own_partner_id in items:
        def same(rec_name, rec_code, name_key=name_key, uscc=uscc):
            return (name_key and rec_name == name_key) or (uscc and rec_code == uscc)
        result[key] = (
            entries.filtered(lambda e, c=company_id, o=own_entry_id, op=own_partner_id, same=same:
                             e.id != o and e.company_id.id == c and same(e.name_key, e.uscc)
                             and not (op and e.partner_id.id == op)),
            partners.filtered(lambda p, c=company_id, o=own_partner_id, same=same: p.id != o
                              and p.company_id.id in (False, c)
                              and same(p.kam_name_key, p.kam_uscc)))
    return result


def duplicated_ids_sql(env, table):
    """Ids of the active census entries (``table`` kam_census_entry) or
    companies (res_partner) that share their code or normalised name with
    another active census entry or company: the 'possible duplicates'
    filter, in one query."""
    from odoo.tools import SQL  # noqa: PLC0415
    env['kam.census.entry'].flush_model(['name_key', 'uscc', 'partner_id', 'active', 'company_id'])
    env['res.partner'].flush_model(['kam_name_key', 'kam_uscc', 'active', 'is_company', 'company_id'])
    own_name, own_code, own_partner = (
        ('name_key', 'uscc', 'partner_id') if table == 'kam_census_entry'
        else ('kam_name_key', 'kam_uscc', 'id'))
    query = SQL("""
        SELECT r.id FROM %(table)s r
         WHERE r.active AND %(only)s AND (r.%(own_name)s IS NOT NULL OR r.%(own_code)s IS NOT NULL)
           AND (EXISTS (SELECT 1 FROM kam_census_entry e
                         WHERE e.active AND e.id != %(entry_self)s
                           AND (r.company_id IS NULL OR e.company_id = r.company_id)
                           AND COALESCE(e.partner_id, 0) != COALESCE(r.%(own_partner)s, -1)
                           AND (e.name_key = r.%(own_name)s OR e.uscc = r.%(own_code)s))
             OR EXISTS (SELECT 1 FROM res_partner p
                         WHERE p.active AND p.is_company AND p.id != COALESCE(r.%(own_partner)s, 0)
                           AND (p.kam_name_key = r.%(own_name)s OR p.kam_uscc = r.%(own_code)s)))
    """, table=SQL.identifier(table), own_name=SQL.identifier(own_name),
        own_code=SQL.identifier(own_code), own_partner=SQL.identifier(own_partner),
        only=SQL('TRUE') if table == 'kam_census_entry' else SQL('r.is_company'),
        entry_self=SQL('r.id') if table == 'kam_census_entry' else SQL('0'))
    return [row[0] for row in env.execute_query(query)]
