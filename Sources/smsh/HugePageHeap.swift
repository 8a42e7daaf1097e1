import CHeap

/// Checking a large script allocates a tree about 13 times the source's size in small nodes; on
/// 4 KiB pages a third of `smsh check`'s time went to page faults (13,500 for 100k lines). Growing
/// the heap in one step and asking for transparent huge pages on it removes most of them. It is
/// only advice: where the kernel has THP off, nothing changes.
enum HugePageHeap {
    static func prepare(forSourceBytes bytes: Int) {
        guard bytes >= 1 << 20 else { return }
        _ = smsh_reserve_huge_page_heap(min(max(bytes * 16, 32 << 20), 1 << 30))
    }
}
