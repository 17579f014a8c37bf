"""The jxc sub-commands; each module has HELP, add_arguments(parser) and run(args)."""

from . import demo, import_cmd, rollout

COMMANDS = {
    "demo": demo,
    "import": import_cmd,
    "rollout": rollout,
}
