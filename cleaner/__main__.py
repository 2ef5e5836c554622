"""The `cleaner` command's process: `python -m cleaner` and the installed `cleaner` script.

What is here is the process's own business, never the library's nor the tests' (they
call `cleaner.cli.app` in their own process): how it starts and how it ends.
"""

import os
import sys


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        # The one answer that needs neither typer (some 35 ms to import) nor any module
        # the commands are declared with; `cleaner.cli` prints the same for `-V` among
        # other options.
        from cleaner.version import installed_version

        sys.stdout.write(f"cleaner {installed_version()}\n")
        _exit(0)
    _collect_garbage_rarely()
    from cleaner.cli import only

    try:
        only(args[0] if args else "")(prog_name="cleaner")
    except SystemExit as done:
        _exit(_exit_status(done.code))
    _exit(0)


def _collect_garbage_rarely() -> None:
    """Imports make tens of thousands of objects (functions, classes, dataclass fields) and
    no garbage: at the default threshold the cyclic collector ran over them dozens of
    times while the command's modules loaded, about 6 ms of every start. A run raises
    the threshold the same way (`cleaner.cli._collect_garbage_rarely`) once it starts;
    this does it before the first import."""
    import gc

    gc.set_threshold(50_000, 20, 20)


def _exit_status(code: object) -> int:
    """The status `sys.exit(code)` would end the process with."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def _exit(status: int) -> None:
    """End the process once its output is out, without the interpreter's teardown.

    After a run, the interpreter's own exit clears every module and frees every object
    one by one, some 10 ms for nothing: the run has closed its files and ended its
    workers, and the operating system takes the memory back whole. Only the standard
    streams' buffers are flushed first; a flush that fails (a closed pipe) ends the
    process with 120, as the interpreter's exit does.
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # no console (pythonw)
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe; a stream closed already
            status = status or 120
    os._exit(status)


if __name__ == "__main__":
    main()
