"""A per-file job for batch tests that misbehaves like a broken reader, chosen by the file name:
it runs in the real worker processes, so the tests see real crashes, hangs and memory exhaustion."""

import ctypes
import os
import signal
import time

from baocao.workers import read_one


def misbehaving_job(source: str, sha256: str):
    name = os.path.basename(source)
    if name.startswith("segfault"):
        ctypes.string_at(0)  # reads address 0: SIGSEGV
    if name.startswith("exit"):
        os._exit(3)
    if name.startswith("sigkill"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("memory"):
        blocks = [bytearray(200 * 1024**2) for _ in range(100)]  # 20 GB: past any test limit
        return len(blocks)
    return read_one(source, sha256)
