from . import reconciler
