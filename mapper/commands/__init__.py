"""One module per command of ``journeymap``: its name and help, ``add_arguments(parser)``,
a frozen ``Options`` dataclass and ``run(options, out, err) -> int`` (see :mod:`.options`)."""
