# cython: boundscheck=False, wraparound=False
"""Process-level system calls the run makes: a worker process's request to end with its
parent (Linux's `prctl(PR_SET_PDEATHSIG)`), and the writeback of one filesystem (`syncfs`).

The pure-Python twins, `cleaner.run.pool.set_parent_death_signal_py` and
`cleaner.run.journal.sync_filesystem_py`, call the same functions through ctypes, whose
import cost each worker about 7 ms before its first task. Elsewhere than on Linux both
report that the request cannot be made."""

cdef extern from *:
    """
    #ifdef __linux__
    #include <sys/prctl.h>
    static int cleaner_set_pdeathsig(int signum) { return prctl(PR_SET_PDEATHSIG, (unsigned long)signum, 0UL, 0UL, 0UL); }
    static int cleaner_get_pdeathsig(void) {
        int signum = 0;
        return prctl(PR_GET_PDEATHSIG, (unsigned long)&signum, 0UL, 0UL, 0UL) == 0 ? signum : -1;
    }
    #else
    static int cleaner_set_pdeathsig(int signum) { (void)signum; return -1; }
    static int cleaner_get_pdeathsig(void) { return -1; }
    #endif
    #if defined(__linux__) && defined(_GNU_SOURCE)
    #include <unistd.h>
    static int cleaner_syncfs(int fd) { return syncfs(fd); }
    #else
    static int cleaner_syncfs(int fd) { (void)fd; return -1; }
    #endif
    """
    int cleaner_set_pdeathsig(int signum)
    int cleaner_get_pdeathsig()
    int cleaner_syncfs(int fd) nogil


def set_parent_death_signal(int signum):
    """Have the kernel send `signum` to this process when its parent ends; False where it cannot."""
    return cleaner_set_pdeathsig(signum) == 0


def parent_death_signal():
    """The signal this process is sent when its parent ends (0: none); -1 where it cannot be known."""
    return cleaner_get_pdeathsig()


def sync_filesystem(int fd):
    """Write back the filesystem that holds the open file `fd` (Linux's `syncfs`), without
    holding the GIL; False where it cannot be made (the caller then syncs every filesystem)."""
    cdef int done
    with nogil:
        done = cleaner_syncfs(fd)
    return done == 0
