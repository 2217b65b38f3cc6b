from psycopg2 import IntegrityError

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import frozendict
from odoo.tools.translate import get_translation

from odoo.addons.rpc.controllers.json2 import WebJson2Controller


class KamJson2Controller(WebJson2Controller):
    """JSON-2 calls answer a database constraint (a negative count, a
    duplicate reference) in the caller's language.

    Odoo turns such an ``IntegrityError`` into a ``ValidationError`` only
    once the request is over, in ``service.model.retrying``, with the
    environment the request started with: before the API key was read, and
    without the ``context`` (``lang``) of the call's body, so the message
    came back in English. Here the call runs in a savepoint flushed before
    it ends, and the constraint's message is read in the language the call
    asked for (its ``context.lang``, else the key user's), as ``load()``
    and the web client already give it."""

    @http.route()
    def web_json_2_rpc(self, __model__, __method__, ids=(), context=frozendict(), **kwargs):
        if request.env.cr.readonly:
            return super().web_json_2_rpc(__model__, __method__, ids=ids, context=context,
                                          **kwargs)
        try:
            with request.env.cr.savepoint():
                return super().web_json_2_rpc(__model__, __method__, ids=ids, context=context,
                                              **kwargs)
        except IntegrityError as error:
            lang = context.get('lang') if isinstance(context, dict) else None
            env = request.env(context=dict(request.env.context, lang=lang or request.env.user.lang))
            model = next((env[name] for name, cls in env.registry.items()
                          if cls._table == error.diag.table_name and not cls._abstract),
                         env['base'])
            # Odoo's own sentence (retrying's), with base's translation
            raise ValidationError(get_translation(
                'base', env.lang or 'en_US', "The operation cannot be completed: %s",
                (model._sql_error_to_message(error),))) from error
