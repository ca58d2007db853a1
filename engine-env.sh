# Sourced by ./deepdream and bench/spark-local before java starts: process settings for the engine.
#
# glibc's allocator: the engine frees a step's tensors together, and by default glibc hands the
# freed memory back to the system, so the next step page-faults it in again (about 4,500 faults a
# step at 500x333). Keeping up to 1 GiB of it halves the system time and makes a step about 4%
# faster (docs/benchmarks.md); peak memory is unchanged. The user's own settings win.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
export MALLOC_TOP_PAD_="${MALLOC_TOP_PAD_:-268435456}"
