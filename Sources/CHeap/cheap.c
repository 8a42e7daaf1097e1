#include "cheap.h"
#include <stdlib.h>  // defines __GLIBC__ on glibc

// mallopt and its M_ options are glibc's, and MADV_HUGEPAGE is Linux's: elsewhere (macOS, musl)
// the heap is left as the system sets it up and the reservation reports that it did nothing.
#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

// smsh is a small command-line process with a handful of threads: one malloc arena for all of
// them keeps memory low and lets smsh_reserve_huge_page_heap prepare the heap every thread uses
// (otherwise each pool thread allocates from an arena of its own).
__attribute__((constructor)) static void smsh_single_malloc_arena(void) {
    mallopt(M_ARENA_MAX, 1);
}

int smsh_reserve_huge_page_heap(size_t reserve) {
    const uintptr_t huge_page = 2u << 20;
    if (reserve > (size_t)INT32_MAX / 2) reserve = (size_t)INT32_MAX / 2;
    // Serve blocks up to 32 MiB from the heap rather than from separate mappings, grow the heap by
    // `reserve` at once, and never give that back while the process runs.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TOP_PAD, (int)reserve);
    mallopt(M_TRIM_THRESHOLD, (int)(reserve * 2));
    // A block larger than any free space makes malloc grow the heap now, by the pad.
    void *probe = malloc(1u << 20);
    void *top = sbrk(0);
    if (probe == NULL || top == (void *)-1) { free(probe); return -1; }
    uintptr_t start = ((uintptr_t)probe + huge_page - 1) & ~(huge_page - 1);
    uintptr_t end = (uintptr_t)top & ~(huge_page - 1);
    int rc = -1;
    if (end > start) rc = madvise((void *)start, end - start, MADV_HUGEPAGE);
    free(probe);
    return rc;
}

#else

int smsh_reserve_huge_page_heap(size_t reserve) {
    (void)reserve;
    return -1;
}

#endif
