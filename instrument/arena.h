#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>
#include <vector>

namespace thingsjs::instrument {

// Bump allocator for AST nodes and their strings: one parse, one arena, freed at once.
// Nodes are trivially destructible, so nothing is ever destroyed one by one.
//
// A destroyed arena's blocks go to a per-thread pool (up to kPoolLimit bytes) that the next
// arena on the thread draws from: fresh memory from the kernel has to be zeroed and faulted
// in page by page, which cost more than a tenth of parsing a large file.
class Arena {
 public:
  explicit Arena(size_t first_block = 64 * 1024) : next_block_(first_block) {}
  ~Arena();
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  void* Allocate(size_t size, size_t align) {
    size_t p = (pos_ + align - 1) & ~(align - 1);
    if (p + size > end_) {
      Grow(size + align);
      p = (pos_ + align - 1) & ~(align - 1);
    }
    pos_ = p + size;
    return reinterpret_cast<void*>(p);
  }

  template <typename T, typename... Args>
  T* New(Args&&... args) {
    static_assert(std::is_trivially_destructible_v<T>, "arena objects are never destroyed");
    return new (Allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
  }

  // Copies `items` into the arena.
  template <typename T>
  T* CopyArray(const T* items, size_t count) {
    if (count == 0) return nullptr;
    T* out = static_cast<T*>(Allocate(sizeof(T) * count, alignof(T)));
    std::memcpy(static_cast<void*>(out), items, sizeof(T) * count);
    return out;
  }

  std::string_view CopyString(std::string_view s) {
    if (s.empty()) return {};
    char* out = static_cast<char*>(Allocate(s.size(), 1));
    std::memcpy(out, s.data(), s.size());
    return {out, s.size()};
  }

  // Frees the calling thread's pool of blocks kept for reuse.
  static void ReleasePooledBlocks();
  static constexpr size_t kPoolLimit = size_t{64} << 20;

  // Bytes handed out so far, and bytes of the blocks this arena holds.
  size_t used_bytes() const { return used_before_ + (pos_ - block_start_); }
  size_t reserved_bytes() const { return reserved_; }

 private:
  void Grow(size_t at_least);
  // Allocates at least `size` bytes; `size` is updated to what the block holds.
  static void* AllocateBlock(size_t& size);

  struct Block {
    void* memory;
    size_t size;
  };
  friend struct BlockPool;

  std::vector<Block> blocks_;
  uintptr_t block_start_ = 0, pos_ = 0, end_ = 0;
  size_t next_block_;
  size_t used_before_ = 0;
  size_t reserved_ = 0;
};

}  // namespace thingsjs::instrument
