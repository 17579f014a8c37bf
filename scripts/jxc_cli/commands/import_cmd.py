"""``jxc import``: read a legacy export, stage, validate and import its master data."""

import datetime

from ..arguments import cutover_date, existing_paths
from ..errors import CliError
from ..odoo_env import check_postgres, configure, environment

HELP = (
    "Import a legacy export (files or folders of one system's files, or a SOAP service): "
    "stage every row, clean and validate, then import master data (or --dry-run)."
)


def add_arguments(parser):
    parser.add_argument("--profile", required=True, help="mapping profile code, e.g. guanjiapo")
    parser.add_argument("--dry-run", action="store_true",
                        help="validate and report what would change; write no target record")
    parser.add_argument("--as-of", help="cut-over date YYYY-MM-DD (default today)")
    parser.add_argument("--soap", metavar="WSDL_URL", help="read from a legacy SOAP service")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="a file or a folder")


def _batch_report(batch, include_issues=True):
    report = {
        "batch": batch.name,
        "batch_id": batch.id,
        "profile": batch.profile_id.code,
        "state": batch.state,
        "rows": batch.row_count,
        "rejected": batch.reject_count,
        "flagged": batch.flag_count,
        "warnings": batch.warning_count,
        "plan": batch.plan or {},
        "result": batch.result or {},
        "totals": batch.totals or [],
    }
    if include_issues:
        report["issues"] = [
            {k: v for k, v in row.items() if v not in (None, "", False)}
            for row in batch._issue_rows()
            if row["severity"] != "info"
        ]
    return report


def run_import(env, profile_code, paths, dry_run=False, as_of=None, soap=None,
               commit_chunks=True):
    """Shared by ``jxc import`` and ``jxc demo``."""
    from odoo.exceptions import UserError

    profile = env["jxc.import.profile"].search([("code", "=", profile_code)], limit=1)
    if not profile:
        codes = env["jxc.import.profile"].search([]).mapped("code")
        raise CliError("Unknown profile %r; profiles: %s" % (profile_code, ", ".join(codes)))
    batch = env["jxc.import.batch"].create(
        {
            "profile_id": profile.id,
            "source": "soap" if soap else "files",
            "soap_url": soap or False,
            "as_of": as_of or datetime.date.today(),
        }
    )
    env.cr.commit()  # the batch survives a failed read: its error is the user's report
    try:
        batch.action_stage(paths=None if soap else paths)
        env.cr.commit()
        if dry_run:
            batch.action_validate()
        else:
            batch.action_apply(commit_chunks=commit_chunks)
        env.cr.commit()
    except UserError as exc:
        env.cr.rollback()
        batch.write({"state": "failed", "error_message": str(exc)})
        env.cr.commit()
        raise CliError(str(exc), exit_code=1, details=_batch_report(batch, False)) from exc
    return batch


def run(args):
    if not args.paths and not args.soap:
        raise CliError("Give at least one PATH (a file or a folder), or --soap WSDL_URL.")
    paths = existing_paths(args.paths)
    as_of = cutover_date(args.as_of)
    odoo = configure(args)
    check_postgres(odoo)
    with environment(odoo, args.db, modules=("jxc_upgrade",)) as env:
        batch = run_import(
            env, args.profile, paths,
            dry_run=args.dry_run, as_of=as_of, soap=args.soap,
        )
        return _batch_report(batch)
