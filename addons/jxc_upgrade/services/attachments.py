# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Uploaded legacy files as a folder on disk: the engine's readers take paths."""

import contextlib
import os
import shutil
import tempfile


@contextlib.contextmanager
def attachments_folder(attachments, prefix="jxc-"):
    """A temporary folder holding ``attachments`` under their file names, removed after."""
    folder = tempfile.mkdtemp(prefix=prefix)
    try:
        for attachment in attachments:
            name = os.path.basename(attachment.name or "file-%d" % attachment.id)
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(attachment.raw or b"")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
