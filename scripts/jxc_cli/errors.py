class CliError(Exception):
    """An error the user can act on: printed as is, never as a traceback.

    ``exit_code`` 2 is a usage or environment problem; 1 a job that ran and failed.
    """

    def __init__(self, message, exit_code=2, details=None):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.details = details or {}
