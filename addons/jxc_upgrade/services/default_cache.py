# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Memoised ``default_get`` during a bulk master-data load.

``create`` asks ``default_get`` for the missing fields of every record it makes: about
two milliseconds a product template and again for its variant, the largest share of a
product's creation. Defaults depend on the context and the field list only, never on
the record, so within one load the answer is computed once per model and field list.
Active only under the ``jxc_defaults_token`` context key that the master-data loader
sets (see ``defaults_cached``); everyone else gets Odoo's behaviour untouched.
"""

import contextlib
import uuid

_CACHES = {}


@contextlib.contextmanager
def defaults_cached(env):
    token = uuid.uuid4().hex
    _CACHES[token] = {}
    try:
        yield env(context=dict(env.context, jxc_defaults_token=token))
    finally:
        _CACHES.pop(token, None)


def cached_default_get(model, fields_list, compute):
    cache = _CACHES.get(model.env.context.get("jxc_defaults_token"))
    if cache is None:
        return compute(fields_list)
    key = (model._name, tuple(fields_list))
    if key not in cache:
        cache[key] = compute(fields_list)
    return dict(cache[key])
