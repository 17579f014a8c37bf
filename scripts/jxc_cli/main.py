"""Entry point of ``jxc``: argument parsing, output (text or --json) and exit codes."""

# pylint: disable=print-used
import argparse
import json
import sys

from . import output
from .commands import COMMANDS
from .errors import CliError
from .odoo_env import add_connection_arguments


def build_parser():
    parser = argparse.ArgumentParser(
        prog="jxc",
        description="Move a legacy 进销存 system into Odoo 18.0: demo, import, rollout, "
        "reconcile, expiry scan.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, module in COMMANDS.items():
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        cmd.add_argument(
            "--db", required=getattr(module, "DB_REQUIRED", True), help="database name"
        )
        cmd.add_argument("--json", action="store_true", help="print one JSON document on stdout")
        add_connection_arguments(cmd)
        module.add_arguments(cmd)
        cmd.set_defaults(run=module.run)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.run(args)
    except CliError as exc:
        if args.json:
            json.dump(
                {"ok": False, "error": exc.message, **exc.details},
                sys.stdout,
                ensure_ascii=False,
                indent=2,
                default=str,
            )
            sys.stdout.write("\n")
        print("jxc %s: error: %s" % (args.command, exc.message), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("jxc %s: interrupted" % args.command, file=sys.stderr)
        return 130
    exit_code = result.pop("_exit_code", 0) if isinstance(result, dict) else 0
    try:
        if args.json:
            json.dump(result, sys.stdout, ensure_ascii=False, indent=2, default=str)
            sys.stdout.write("\n")
        else:
            output.print_text(result)
        sys.stdout.flush()
    except BrokenPipeError:
        # `jxc … | head`: the reader left; the job itself is done.
        sys.stdout = None
    return exit_code
