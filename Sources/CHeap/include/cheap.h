#ifndef SMSH_CHEAP_H
#define SMSH_CHEAP_H
#include <stddef.h>

/// Grows the malloc heap by `reserve` bytes in one step and advises the kernel to back it with
/// transparent huge pages. Returns 0 when the advice was given, -1 otherwise (nothing changes).
int smsh_reserve_huge_page_heap(size_t reserve);

#endif
