# cython: boundscheck=False, wraparound=False
"""A worker process's request to end with its parent (Linux's `prctl(PR_SET_PDEATHSIG)`).

The pure-Python twin, `cleaner.run.pool.set_parent_death_signal_py`, calls the same
function through ctypes, whose import cost each worker about 7 ms before its first task.
Elsewhere than on Linux both report that the request cannot be made."""

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
    """
    int cleaner_set_pdeathsig(int signum)
    int cleaner_get_pdeathsig()


def set_parent_death_signal(int signum):
    """Have the kernel send `signum` to this process when its parent ends; False where it cannot."""
    return cleaner_set_pdeathsig(signum) == 0


def parent_death_signal():
    """The signal this process is sent when its parent ends (0: none); -1 where it cannot be known."""
    return cleaner_get_pdeathsig()
