from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader

from .common_integration import MODULE


@tagged('post_install', '-at_install')
class TestChineseCatalogue(TransactionCase):
    """The Chinese catalogue as Odoo reads it when it loads zh_CN: the .po
    merged with the module's template (.pot). A template or catalogue that
    does not parse makes Odoo drop every Chinese term of the module (it logs
    the error and goes on in English), so it is checked here, with every
    term translated."""

    def test_catalogue_reads_and_every_term_is_translated(self):
        path = f"{get_module_path(MODULE)}/i18n/zh_CN.po"
        rows = list(PoFileReader(path))
        self.assertGreater(len(rows), 1000)
        missing = sorted({row['src'] for row in rows if not row['value']})
        self.assertFalse(missing[:20], f"{len(missing)} terms without a Chinese translation")

    def test_catalogue_has_each_term_once(self):
        """One entry per term: a term twice (two entries appended for it)
        leaves the catalogue to whichever entry polib meets last."""
        path = f"{get_module_path(MODULE)}/i18n/zh_CN.po"
        reader = PoFileReader(path)
        seen, twice = set(), []
        for entry in reader.pofile:
            key = (entry.msgctxt, entry.msgid)
            if key in seen:
                twice.append(entry.msgid)
            seen.add(key)
        self.assertFalse(twice[:20], f"{len(twice)} terms with more than one entry")
