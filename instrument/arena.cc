#include "instrument/arena.h"

#include <sys/mman.h>

namespace thingsjs::instrument {

struct BlockPool {
  std::vector<Arena::Block> blocks;
  size_t bytes = 0;

  ~BlockPool() { Release(); }
  void Release() {
    for (const Arena::Block& b : blocks) std::free(b.memory);
    blocks.clear();
    bytes = 0;
  }
  // The smallest pooled block of at least `size` bytes, taken out of the pool.
  bool Take(size_t size, Arena::Block* out) {
    size_t best = blocks.size();
    for (size_t i = 0; i < blocks.size(); ++i) {
      if (blocks[i].size >= size && (best == blocks.size() || blocks[i].size < blocks[best].size)) best = i;
    }
    if (best == blocks.size()) return false;
    *out = blocks[best];
    blocks[best] = blocks.back();
    blocks.pop_back();
    bytes -= out->size;
    return true;
  }
  void Give(const Arena::Block& b) {
    if (bytes + b.size > Arena::kPoolLimit) {
      std::free(b.memory);
      return;
    }
    blocks.push_back(b);
    bytes += b.size;
  }
};

namespace {
thread_local BlockPool pool;
}  // namespace

Arena::~Arena() {
  for (const Block& b : blocks_) pool.Give(b);
}

void Arena::ReleasePooledBlocks() { pool.Release(); }

void Arena::Grow(size_t at_least) {
  used_before_ += pos_ - block_start_;
  size_t size = next_block_ > at_least ? next_block_ : at_least;
  Block block;
  if (!pool.Take(size, &block)) {
    block.size = size;
    block.memory = AllocateBlock(block.size);
    if (!block.memory) throw std::bad_alloc();
  }
  reserved_ += block.size;
  blocks_.push_back(block);
  block_start_ = pos_ = reinterpret_cast<uintptr_t>(block.memory);
  end_ = pos_ + block.size;
  if (next_block_ < (16u << 20)) next_block_ *= 2;
}

void* Arena::AllocateBlock(size_t& size) {
  // Large blocks are aligned to 2 MiB and offered to the kernel for transparent huge pages:
  // an AST of tens of megabytes is walked several times (parse, scopes, print), and huge
  // pages spare most of the TLB misses and page faults of those walks.
  constexpr size_t kHugePage = size_t{2} << 20;
  if (size >= kHugePage) {
    size = (size + kHugePage - 1) & ~(kHugePage - 1);
    void* block = std::aligned_alloc(kHugePage, size);
#ifdef MADV_HUGEPAGE
    if (block) madvise(block, size, MADV_HUGEPAGE);
#endif
    return block;
  }
  return std::malloc(size);
}

}  // namespace thingsjs::instrument
