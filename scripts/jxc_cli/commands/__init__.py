"""The jxc sub-commands; each module has HELP, add_arguments(parser) and run(args)."""

from . import demo, expiry_scan, import_cmd, reconcile, rollout, setup

COMMANDS = {
    "demo": demo,
    "expiry-scan": expiry_scan,
    "import": import_cmd,
    "reconcile": reconcile,
    "rollout": rollout,
    "setup": setup,
}
