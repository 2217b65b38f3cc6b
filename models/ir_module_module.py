from odoo import api, models, tools


class IrModuleModule(models.Model):
    """The Apps page of this addon in Chinese for Chinese users
    (``static/description/index_zh_CN.html`` beside ``index.html``)."""
    _inherit = 'ir.module.module'

    @api.depends('name', 'description')
    @api.depends_context('lang')
    def _get_desc(self):
        super()._get_desc()
        lang = self.env.lang or ''
        if not lang.startswith('zh'):
            return
        for module in self.filtered(lambda m: m.name == 'key_account_management'):
            try:
                with tools.file_open(f'{module.name}/static/description/index_{lang}.html', 'rb') as desc:
                    doc = desc.read().decode()
            except FileNotFoundError:
                continue
            # the pictures are the same as the English page's
            module.description_html = tools.html_sanitize(doc.replace(
                'src="', f'src="/{module.name}/static/description/'))
